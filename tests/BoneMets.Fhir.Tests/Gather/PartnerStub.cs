using BoneMets.Fhir.Case;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Gather;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Terminology;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.ResponseProviders;
using WireMock.Server;
using BoneMets.Fhir.Partners;

namespace BoneMets.Fhir.Tests.Gather;

/// <summary>A referring EHR's FHIR API on WireMock, with the resources of the thin sample referral's patient.</summary>
public sealed class PartnerStub : IDisposable
{
    /// <summary>Sample 08 (a thin referral): its Patient's id and its sender Organization's identifier.</summary>
    public const string PatientId = "d30a9c0f-048e-47fa-88e9-6c2eb55c141d";
    public const string Sender = "http://hospital.example.org/organization|WCH";
    public const string FhirJsonType = "application/fhir+json";

    public WireMockServer Server { get; } = WireMockServer.Start();

    public string BaseUrl => Server.Url + "/fhir";

    public IReadOnlyList<ILogEntry> Requests => [.. Server.LogEntries.OrderBy(e => e.RequestMessage.DateTime)];

    public IReadOnlyList<ILogEntry> RequestsTo(string path) => [.. Requests.Where(e => e.RequestMessage.Path == "/fhir/" + path || e.RequestMessage.Path == "/fhir" + path)];

    /// <summary>The exact searches the plan sends for sample 08 on a full US Core server (capability statement below).</summary>
    public static readonly string[] FullSearches =
    [
        $"Condition?patient={PatientId}",
        $"DiagnosticReport?patient={PatientId}&category=http://loinc.org|LP29684-5",
        $"ImagingStudy?patient={PatientId}",
        $"Observation?patient={PatientId}&code=http://loinc.org|17861-6,http://loinc.org|1751-7,http://loinc.org|89247-1,http://loinc.org|89243-0,http://loinc.org|72514-3",
        $"Observation?patient={PatientId}&code={CodeSystems.Observation}|",
    ];

    public void Capability(bool batch = true, bool category = true, bool imaging = true, bool include = false, bool code = true)
    {
        var rest = new CapabilityStatement.RestComponent { Mode = CapabilityStatement.RestfulCapabilityMode.Server };
        if (batch)
        {
            rest.Interaction.Add(new CapabilityStatement.SystemInteractionComponent { Code = CapabilityStatement.SystemRestfulInteraction.Batch });
        }

        CapabilityStatement.ResourceComponent Type(string type, params string[] parameters)
        {
            var resource = new CapabilityStatement.ResourceComponent { Type = type };
            resource.SearchParam.AddRange(parameters.Select(p => new CapabilityStatement.SearchParamComponent { Name = p, Type = SearchParamType.Token }));
            rest.Resource.Add(resource);
            return resource;
        }

        Type("Patient", "_id", "identifier");
        Type("Condition", "patient", "category");
        var reports = Type("DiagnosticReport", category ? ["patient", "category"] : ["patient"]);
        if (include)
        {
            reports.SearchInclude = ["DiagnosticReport:result"];
        }

        if (imaging)
        {
            Type("ImagingStudy", "patient");
        }

        Type("Observation", code ? ["patient", "code", "category"] : ["patient"]);
        var statement = new CapabilityStatement
        {
            Status = PublicationStatus.Active, Kind = CapabilityStatementKind.Instance, FhirVersion = FHIRVersion.N4_0_1,
            Format = ["json"], Rest = [rest],
        };
        Get("metadata", 200, statement);
    }

    /// <summary>When set, answers configured from now on (<see cref="Get"/>, <see cref="Batch"/>, <see cref="Capability"/>) are held at this gate.</summary>
    public StubGate? Gate { get; set; }

    public void Get(string path, int status, Resource? body, TimeSpan? delay = null) =>
        Server.Given(Request.Create().WithPath("/fhir/" + path).UsingGet()).RespondWith(Gated(Respond(status, body, delay)));

    public void Batch(int status, Resource? body, TimeSpan? delay = null) =>
        Server.Given(Request.Create().WithPath("/fhir").UsingPost()).RespondWith(Gated(Respond(status, body, delay)));

    private IResponseProvider Gated(IResponseProvider answer) => Gate?.Hold(answer) ?? answer;

    public static IResponseBuilder Respond(int status, Resource? body, TimeSpan? delay = null)
    {
        var response = Response.Create().WithStatusCode(status);
        if (body is not null)
        {
            response = response.WithHeader("Content-Type", FhirJsonType).WithBody(FhirJson.Serialize(body));
        }

        return delay is { } d ? response.WithDelay(d) : response;
    }

    /// <summary>The batch Bundle the service posted (the n-th, from 0).</summary>
    public Bundle PostedBatch(int n = 0) => FhirJson.Parse<Bundle>(Requests.Where(e => e.RequestMessage.Method == "POST").ElementAt(n).RequestMessage.Body!);

    public static Bundle Searchset(params Resource[] resources) => SearchsetWithNext(null, resources);

    public static Bundle SearchsetWithNext(string? next, params Resource[] resources)
    {
        var bundle = new Bundle { Type = Bundle.BundleType.Searchset, Total = resources.Length };
        foreach (var resource in resources)
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"http://ehr.example/fhir/{resource.TypeName}/{resource.Id}", Resource = resource,
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
            });
        }

        if (next is not null)
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "next", Url = next });
        }

        return bundle;
    }

    public static Bundle BatchResponse(params (string Status, Resource? Resource)[] entries) => new()
    {
        Type = Bundle.BundleType.BatchResponse,
        Entry = [.. entries.Select(e => new Bundle.EntryComponent { Resource = e.Resource, Response = new Bundle.ResponseComponent { Status = e.Status } })],
    };

    public static OperationOutcome Outcome(OperationOutcome.IssueType code) => new()
    {
        Issue = [new OperationOutcome.IssueComponent { Severity = OperationOutcome.IssueSeverity.Error, Code = code }],
    };

    // --- The patient's record at the referrer ---
    public static Condition BoneMetastasis() => new()
    {
        Id = "cond-bone", Subject = new ResourceReference($"Patient/{PatientId}"),
        Code = new CodeableConcept(CodeSystems.Icd10Cm, "C79.51", "Secondary malignant neoplasm of bone"),
    };

    public static DiagnosticReport RadiologyReport(params string[] results) => new()
    {
        Id = "dr-1", Status = DiagnosticReport.DiagnosticReportStatus.Final, Subject = new ResourceReference($"Patient/{PatientId}"),
        Category = [new CodeableConcept(CodeSystems.Loinc, ClinicalCodes.LoincRadiologyCategory)],
        Code = new CodeableConcept(CodeSystems.Loinc, "24627-2", "CT Chest"),
        Result = [.. results.Select(r => new ResourceReference(r))],
    };

    public static DiagnosticReport PathologyReport() => new()
    {
        Id = "dr-path", Status = DiagnosticReport.DiagnosticReportStatus.Final, Subject = new ResourceReference($"Patient/{PatientId}"),
        Category = [new CodeableConcept(CodeSystems.Loinc, "LP7839-6", "Pathology")],
        Code = new CodeableConcept(CodeSystems.Loinc, "60567-5"),
    };

    public static ImagingStudy Study() => new()
    {
        Id = "is-1", Status = ImagingStudy.ImagingStudyStatus.Available, Subject = new ResourceReference($"Patient/{PatientId}"),
    };

    public static Observation Lab(string id, string loinc, decimal value, string unit) => new()
    {
        Id = id, Status = ObservationStatus.Final, Subject = new ResourceReference($"Patient/{PatientId}"),
        Code = new CodeableConcept(CodeSystems.Loinc, loinc),
        Effective = new FhirDateTime("2026-11-10"),
        Value = new Quantity(value, unit, "http://unitsofmeasure.org"),
    };

    public static Observation Ecog(int value) => new()
    {
        Id = "ecog-1", Status = ObservationStatus.Final, Subject = new ResourceReference($"Patient/{PatientId}"),
        Code = new CodeableConcept(CodeSystems.Loinc, ClinicalCodes.LoincEcog), Effective = new FhirDateTime("2026-11-10"),
        Value = new Integer(value),
    };

    public void Dispose() => Server.Stop();
}

/// <summary>The gather stage as the service composes it, over partners on stubs; quick timeouts and retries.</summary>
public sealed class GatherHost : IDisposable
{
    private readonly ServiceProvider provider;

    public GatherHost(PartnersOptions partners, TimeProvider? clock = null)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton(clock ?? TimeProvider.System);
        services.AddSingleton(partners);
        services.AddSingleton(new GatherOptions());
        services.AddPartnerGathering(partners);
        provider = services.BuildServiceProvider();
    }

    public IClinicalContextSource Source => provider.GetRequiredService<IClinicalContextSource>();

    public IServiceProvider Services => provider;

    public static PartnerOptions Partner(string baseUrl, string? sender = PartnerStub.Sender, Action<PartnerLimitOptions>? limits = null)
    {
        var partner = new PartnerOptions
        {
            BaseUrl = baseUrl, SenderIdentifier = sender,
            Limits = new PartnerLimitOptions
            {
                // Generous timeouts: on a loaded machine a slow first answer must not become a retry that the tests
                // counting requests would see. Tests of timeouts set their own.
                RetryBaseDelay = TimeSpan.FromMilliseconds(10), AttemptTimeout = TimeSpan.FromSeconds(10), TotalTimeout = TimeSpan.FromSeconds(30),
                CircuitMinimumThroughput = 1000, CircuitBreakDuration = TimeSpan.FromSeconds(1), MaxRetries = 3,
            },
        };
        limits?.Invoke(partner.Limits);
        return partner;
    }

    public static GatherHost For(PartnerStub stub, Action<PartnerLimitOptions>? limits = null) =>
        new(new PartnersOptions { ["westbrook"] = Partner(stub.BaseUrl, limits: limits) });

    public void Dispose() => provider.Dispose();
}
