using BoneMets.Fhir.Options;
using BoneMets.Fhir.Pipeline;
using BoneMets.Fhir.Search;
using BoneMets.Fhir.Validation;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Service.Api;

/// <summary>
/// What this server does, and only that: read/vread/search on the types it holds with the search parameters it
/// indexes, the profiles it validates against (supportedProfile per type), read and search of its conformance
/// resources, system-level $process-message, and reliable messaging with the cache period it keeps.
/// </summary>
internal static class CapabilityStatementBuilder
{
    internal static readonly string[] ResourceTypes =
    [
        "Appointment", "Bundle", "CommunicationRequest", "Condition", "DiagnosticReport", "Device", "HealthcareService", "ImagingStudy",
        "Location", "MessageHeader", "Observation", "Organization", "Patient", "Practitioner", "PractitionerRole", "Provenance",
        "RiskAssessment", "ServiceRequest", "Task",
    ];

    public static CapabilityStatement Build(string baseUrl, MessagingOptions messaging, DateTimeOffset startedAt, CapabilityStatement.SecurityComponent? security = null)
    {
        var version = typeof(CapabilityStatementBuilder).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        return new CapabilityStatement
        {
            Status = PublicationStatus.Active,
            Date = startedAt.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Kind = CapabilityStatementKind.Instance,
            Software = new CapabilityStatement.SoftwareComponent { Name = "BoneMets.Fhir", Version = version },
            Implementation = new CapabilityStatement.ImplementationComponent { Description = "BoneMets.Fhir referral intake and consult case service", Url = baseUrl },
            FhirVersion = FHIRVersion.N4_0_1,
            Format = ["application/fhir+json", "json"],
            Rest =
            [
                new CapabilityStatement.RestComponent
                {
                    Mode = CapabilityStatement.RestfulCapabilityMode.Server,
                    Security = security,
                    Documentation = "Read and search what referrals produced: Task, CommunicationRequest, Appointment, RiskAssessment, the consult case Bundle, and the resources received. Search paging is by the next link.",
                    Resource = [.. ResourceTypes.Select(Resource), .. ConformanceEndpoints.Types.Select(Conformance), AuditEventEndpoints.Capability],
                    Operation =
                    [
                        new CapabilityStatement.OperationComponent
                        {
                            Name = "process-message",
                            Definition = "http://hl7.org/fhir/OperationDefinition/MessageHeader-process-message",
                            Documentation = "A referral message (event v2-0003#I12) is validated against the bonemets-referral-message profile and the profiles of its entries (see supportedProfile): errors reject it with fatal-error and an OperationOutcome (HTTP 400); warnings are returned in the accepted response's OperationOutcome. Accepted messages are stored durably and answered with a response message; with async=true (and optionally response-url) the answer is 202 and the response message, then status updates, are posted to the response-url or MessageHeader.source.endpoint, which must be an endpoint configured for the sender (its partner's, or Messaging:ReplyEndpoints); any other is refused with 400.",
                        },
                    ],
                },
            ],
            Messaging =
            [
                new CapabilityStatement.MessagingComponent
                {
                    Endpoint = [new CapabilityStatement.EndpointComponent
                    {
                        Protocol = new Coding("http://terminology.hl7.org/CodeSystem/message-transport", "http", "HTTP"),
                        Address = baseUrl + "/$process-message",
                    }],
                    ReliableCache = messaging.ReliableCacheMinutes,
                    Documentation = "Reliable messaging keyed on Bundle.id + MessageHeader.id. Both seen: the original response is returned and nothing is reprocessed. " +
                        "MessageHeader.id seen with a new Bundle.id, Bundle.id seen with a new MessageHeader.id, or an X-Request-ID reused for another message: rejected with 409 and an OperationOutcome (code duplicate). " +
                        "Referral messages: event http://terminology.hl7.org/CodeSystem/v2-0003#I12, focus a BSeR referral Task (code fulfill) or the ServiceRequest.",
                },
            ],
        };
    }

    /// <summary>The project's profiles on a resource type, in id order.</summary>
    private static List<string> Profiles(string type) =>
        [.. ProfileSet.Embedded.Profiles.Values.Where(p => p.Type == type).Select(p => p.Url!).Order(StringComparer.Ordinal)];

    private static CapabilityStatement.ResourceComponent Conformance(string type) => new()
    {
        Type = type,
        Documentation = $"The project's {type} resources (profiles/generated), read by id or searched by url.",
        Interaction =
        [
            new() { Code = CapabilityStatement.TypeRestfulInteraction.Read },
            new() { Code = CapabilityStatement.TypeRestfulInteraction.SearchType },
        ],
        SearchParam =
        [
            new() { Name = "_id", Type = SearchParamType.Token, Definition = "http://hl7.org/fhir/SearchParameter/Resource-id" },
            new() { Name = "url", Type = SearchParamType.Uri, Definition = $"http://hl7.org/fhir/SearchParameter/conformance-url" },
        ],
    };

    private static CapabilityStatement.ResourceComponent Resource(string type) => new()
    {
        Type = type,
        SupportedProfile = Profiles(type),
        Versioning = CapabilityStatement.ResourceVersionPolicy.Versioned,
        ReadHistory = true,
        Interaction =
        [
            new() { Code = CapabilityStatement.TypeRestfulInteraction.Read },
            new() { Code = CapabilityStatement.TypeRestfulInteraction.Vread },
            new() { Code = CapabilityStatement.TypeRestfulInteraction.SearchType },
        ],
        SearchParam =
        [
            new() { Name = "_id", Type = SearchParamType.Token, Definition = "http://hl7.org/fhir/SearchParameter/Resource-id" },
            new() { Name = "_lastUpdated", Type = SearchParamType.Date, Definition = "http://hl7.org/fhir/SearchParameter/Resource-lastUpdated" },
            .. SearchParameters.For(type).Select(p => new CapabilityStatement.SearchParamComponent
            {
                Name = p.Name,
                Type = p.Type == Search.IndexKind.Token ? SearchParamType.Token : SearchParamType.Reference,
                Definition = p.Definition,
            }),
        ],
        // One level (no :iterate), every reference parameter: what the matches point at, and what points at them.
        SearchInclude = [.. SearchParameters.For(type).Where(p => p.Type == Search.IndexKind.Reference).Select(p => $"{p.Resource}:{p.Name}")],
        SearchRevInclude = [.. SearchParameters.All.Where(p => p.Type == Search.IndexKind.Reference && (p.TargetType ?? type) == type).Select(p => $"{p.Resource}:{p.Name}")],
    };
}
