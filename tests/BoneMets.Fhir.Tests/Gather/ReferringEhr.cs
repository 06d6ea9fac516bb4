using System.Globalization;
using BoneMets.Fhir.Case;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Intake;
using Hl7.Fhir.Model;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;
using Task = Hl7.Fhir.Model.Task;

namespace BoneMets.Fhir.Tests.Gather;

/// <summary>
/// A referring EHR's FHIR server on WireMock that answers from the resources it holds, as a server would: reads,
/// vreads, searches by patient/subject, <c>_id</c> with <c>_include</c>, and batches of those. Holds the referral
/// of a sample message (its resources with relative references, as the EHR has them) plus what tests add. Shared
/// by the unit and host tests (linked into the host-test project).
/// </summary>
public sealed class ReferringEhr : IDisposable
{
    public const string FhirJsonType = "application/fhir+json";
    private readonly Dictionary<string, Resource> resources = new(StringComparer.Ordinal);
    private readonly HashSet<string> gone = new(StringComparer.Ordinal);
    private readonly object gate = new();
    private int roundTrips;

    public ReferringEhr()
    {
        Server.Given(Request.Create().UsingGet()).RespondWith(WireMock.ResponseBuilders.Response.Create().WithCallback(request =>
            Respond(Answer(request.Path["/fhir/".Length..] + (request.RawQuery is { Length: > 0 } q ? (q.StartsWith('?') ? q : "?" + q) : "")))));
        Server.Given(Request.Create().WithPath("/fhir").UsingPost()).RespondWith(WireMock.ResponseBuilders.Response.Create().WithCallback(request =>
            Respond((200, Batch(FhirJson.Parse<Bundle>(request.Body!))))));
    }

    public WireMockServer Server { get; } = WireMockServer.Start();

    public string BaseUrl => Server.Url + "/fhir";

    /// <summary>Requests answered other than the CapabilityStatement: the round trips a referral cost.</summary>
    public int RoundTrips => Volatile.Read(ref roundTrips);

    public bool BatchSupported { get; set; } = true;

    public bool IncludeSupported { get; set; } = true;

    /// <summary>What a search shows of a matching resource (a server answering searches from a stale cache); reads are not affected.</summary>
    public Func<Resource, Resource> SearchView { get; set; } = r => r;

    /// <summary>"GET /fhir/ServiceRequest?_id=…" etc., in order, the query decoded.</summary>
    public IReadOnlyList<string> Requests => [.. Server.LogEntries.OrderBy(e => e.RequestMessage.DateTime)
        .Select(e => $"{e.RequestMessage.Method} {e.RequestMessage.Path}{(e.RequestMessage.RawQuery is { Length: > 0 } q ? (q.StartsWith('?') ? q : "?" + q) : "")}")
        .Select(Uri.UnescapeDataString)];

    /// <summary>The sample referral's resources as the EHR holds them: ids kept, references relative (Type/id).</summary>
    public ReferringEhr WithReferralOf(ReferralMessage message, bool withoutTask = false)
    {
        foreach (var resource in MessageLocalizer.Localize(message).Where(r => r is not MessageHeader && !(withoutTask && r is Task)))
        {
            Add(resource);
        }

        return this;
    }

    public ReferringEhr Add(Resource resource)
    {
        lock (gate)
        {
            resource.Meta ??= new Meta { VersionId = "1" };
            resources[$"{resource.TypeName}/{resource.Id}"] = resource;
        }

        return this;
    }

    /// <summary>The resource answers 410 Gone from now on.</summary>
    public void Remove(string typeAndId)
    {
        lock (gate)
        {
            resources.Remove(typeAndId);
            gone.Add(typeAndId);
        }
    }

    public T Get<T>(string id) where T : Resource
    {
        lock (gate)
        {
            return (T)resources[$"{ModelInfo.GetFhirTypeNameForType(typeof(T))}/{id}"];
        }
    }

    private (int Status, Resource? Body) Answer(string url)
    {
        if (url == "metadata")
        {
            return (200, Capability());
        }

        Interlocked.Increment(ref roundTrips);
        lock (gate)
        {
            return Locked(url);
        }
    }

    private (int Status, Resource? Body) Locked(string url)
    {
        var query = url.IndexOf('?', StringComparison.Ordinal);
        if (query < 0)
        {
            var parts = url.Split('/');
            var key = parts.Length >= 2 ? $"{parts[0]}/{parts[1]}" : url;
            return resources.TryGetValue(key, out var found) && (parts.Length < 4 || found.Meta?.VersionId == parts[3])
                ? (200, found)
                : (gone.Contains(key) ? 410 : 404, new OperationOutcome { Issue = [new() { Severity = OperationOutcome.IssueSeverity.Error, Code = OperationOutcome.IssueType.NotFound }] });
        }

        var type = url[..query];
        var parameters = url[(query + 1)..].Split('&').Select(p => p.Split('=', 2)).Select(p => (Name: p[0], Value: Uri.UnescapeDataString(p.ElementAtOrDefault(1) ?? ""))).ToList();
        var ofType = resources.Values.Where(r => r.TypeName == type).ToList();
        var matches = ofType.Where(r => parameters.All(p => Matches(r, p.Name, p.Value))).ToList();
        var included = parameters.Where(p => p.Name == "_include" && IncludeSupported)
            .SelectMany(p => matches.Select(m => Include(m, p.Value))).OfType<Resource>().Distinct().ToList();
        var bundle = new Bundle { Type = Bundle.BundleType.Searchset, Total = matches.Count };
        bundle.Entry.AddRange(matches.Select(r => Entry(SearchView(r), Bundle.SearchEntryMode.Match)));
        bundle.Entry.AddRange(included.Select(r => Entry(r, Bundle.SearchEntryMode.Include)));
        return (200, bundle);
    }

    private Bundle.EntryComponent Entry(Resource r, Bundle.SearchEntryMode mode) =>
        new() { FullUrl = $"{BaseUrl}/{r.TypeName}/{r.Id}", Resource = r, Search = new Bundle.SearchComponent { Mode = mode } };

    private static bool Matches(Resource resource, string name, string value) => name switch
    {
        "_id" => resource.Id == value,
        "patient" => SubjectOf(resource) == $"Patient/{value}",
        "subject" => SubjectOf(resource) == value,
        "code" => value.Split(',').Any(code => CodesOf(resource).Any(c => code.EndsWith('|') ? code == c.System + "|" : code == $"{c.System}|{c.Code}")),
        "category" => resource is DiagnosticReport report && report.Category.Any(cc => cc.Coding.Any(c => value == $"{c.System}|{c.Code}")),
        _ => true, // _include and the rest do not filter
    };

    private Resource? Include(Resource match, string include) => (match, include) switch
    {
        (ServiceRequest sr, "ServiceRequest:subject") => Find(sr.Subject?.Reference),
        (Task task, "Task:focus") => Find(task.Focus?.Reference),
        (Task task, "Task:patient") => Find(task.For?.Reference),
        (DiagnosticReport report, "DiagnosticReport:result") => null,
        _ => null,
    };

    private Resource? Find(string? reference) => reference is not null && resources.TryGetValue(reference, out var r) ? r : null;

    private static string? SubjectOf(Resource resource) => resource switch
    {
        Condition c => c.Subject?.Reference,
        Observation o => o.Subject?.Reference,
        DiagnosticReport d => d.Subject?.Reference,
        ImagingStudy i => i.Subject?.Reference,
        _ => null,
    };

    private static IEnumerable<Coding> CodesOf(Resource resource) => resource switch
    {
        Observation o => o.Code?.Coding ?? [],
        _ => [],
    };

    private Bundle Batch(Bundle batch)
    {
        Interlocked.Increment(ref roundTrips);
        var response = new Bundle { Type = Bundle.BundleType.BatchResponse };
        lock (gate)
        {
            foreach (var entry in batch.Entry)
            {
                var (status, body) = Locked(entry.Request.Url);
                response.Entry.Add(new Bundle.EntryComponent
                {
                    Resource = body, Response = new Bundle.ResponseComponent { Status = status.ToString(CultureInfo.InvariantCulture) },
                });
            }
        }

        return response;
    }

    private CapabilityStatement Capability()
    {
        var rest = new CapabilityStatement.RestComponent { Mode = CapabilityStatement.RestfulCapabilityMode.Server };
        if (BatchSupported)
        {
            rest.Interaction.Add(new CapabilityStatement.SystemInteractionComponent { Code = CapabilityStatement.SystemRestfulInteraction.Batch });
        }

        void Type(string type, string[] parameters, params string[] includes) => rest.Resource.Add(new CapabilityStatement.ResourceComponent
        {
            Type = type,
            SearchParam = [.. parameters.Select(p => new CapabilityStatement.SearchParamComponent { Name = p, Type = SearchParamType.Token })],
            SearchInclude = IncludeSupported ? includes : [],
        });
        Type("Patient", ["_id"]);
        Type("ServiceRequest", ["_id", "patient"], "ServiceRequest:subject");
        Type("Task", ["_id", "patient"], "Task:focus", "Task:patient");
        Type("Condition", ["patient"]);
        Type("DiagnosticReport", ["patient", "category"]);
        Type("ImagingStudy", ["patient"]);
        Type("Observation", ["patient", "code"]);
        return new CapabilityStatement
        {
            Status = PublicationStatus.Active, Kind = CapabilityStatementKind.Instance, FhirVersion = FHIRVersion.N4_0_1, Format = ["json"], Rest = [rest],
        };
    }

    private static ResponseMessage Respond((int Status, Resource? Body) answer) => new()
    {
        StatusCode = answer.Status,
        Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new(FhirJsonType) },
        BodyData = answer.Body is null ? null : new BodyData { DetectedBodyType = BodyType.String, BodyAsString = FhirJson.Serialize(answer.Body) },
    };

    public void Dispose() => Server.Stop();
}
