using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using BoneMets.Fhir.Fhir;
using Hl7.Fhir.Model;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.WriteBack;

/// <summary>
/// A referrer's FHIR server that keeps state, behind WireMock: transaction Bundles with conditional create
/// (ifNoneExist on identifier or _tag), updates with If-Match (412 on a stale version, the whole transaction
/// rolled back), versioning, reads and searches by identifier; and a messaging endpoint that records what it got.
/// Counting is done here, at the stub: duplicates show as two resources with one business identifier.
/// </summary>
public sealed partial class FakePartnerServer : IDisposable
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, List<JsonObject>> resources = new(StringComparer.Ordinal); // "Type/id" → versions
    private readonly SemaphoreSlim hang = new(0);
    private int nextId;

    public FakePartnerServer()
    {
        Server.Given(Request.Create().WithPath("/fhir/metadata").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/fhir+json").WithBody(FhirJson.Serialize(new CapabilityStatement
            {
                Status = PublicationStatus.Active, Kind = CapabilityStatementKind.Instance, FhirVersion = FHIRVersion.N4_0_1, Format = ["json"],
                Rest = [new CapabilityStatement.RestComponent { Mode = CapabilityStatement.RestfulCapabilityMode.Server }],
            })));
        Server.Given(Request.Create().WithPath("/fhir").UsingPost()).RespondWith(Response.Create().WithCallback(TransactAsync));
        Server.Given(Request.Create().WithPath(new WireMock.Matchers.RegexMatcher("^/fhir/[A-Za-z]+(/[^/]+)?$")).UsingGet())
            .RespondWith(Response.Create().WithCallback(Read));
        Server.Given(Request.Create().WithPath("/messaging/$process-message").UsingPost())
            .RespondWith(Response.Create().WithCallback(ReceiveMessage));
    }

    public WireMockServer Server { get; } = WireMockServer.Start();

    public string BaseUrl => Server.Url + "/fhir";

    public string MessagingUrl => Server.Url + "/messaging/$process-message";

    public ConcurrentQueue<PartnerFault> Faults { get; } = new();

    /// <summary>How often each fault was met by a transaction, and by a message.</summary>
    public ConcurrentDictionary<PartnerFault, int> Met { get; } = new();

    public ConcurrentDictionary<PartnerFault, int> MessageFaultsMet { get; } = new();

    /// <summary>What the messaging endpoint does to the next message (500, 503/429 with Retry-After, reset, received then dropped).</summary>
    public ConcurrentQueue<PartnerFault> MessageFaults { get; } = new();

    /// <summary>The note <see cref="PartnerFault.ConcurrentEdit"/> adds.</summary>
    public const string ConcurrentNote = "Edited at the placer meanwhile";

    public TimeSpan SlowAnswer { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Honour <c>Prefer: return=representation</c> in transaction-responses (HAPI does; some servers ignore it). Default false.</summary>
    public bool ReturnsRepresentation { get; set; }

    /// <summary>Refuse a write whose relative reference names a resource the fake does not hold (HAPI's default: 400 with an OperationOutcome).</summary>
    public bool EnforcesReferences { get; set; }

    /// <summary>Answer every transaction 200 with entries that carry a status only, and keep nothing (a proxy that swallows writes).</summary>
    public bool SwallowsWrites { get; set; }

    /// <summary>How many reads fail after <see cref="PartnerFault.ConcurrentEditThenReadsFail"/>. Default 2.</summary>
    public int FailingReadCount { get; set; } = 2;

    private int failingReads;

    /// <summary>Only reads of what the write-back delivers fail (gathering reads from the same server).</summary>
    private static readonly HashSet<string> WriteBackTypes = ["Task", "CommunicationRequest", "Appointment", "Provenance"];

    /// <summary>Transaction requests received, and those committed.</summary>
    public int Transactions { get; private set; }

    public int Commits { get; private set; }

    /// <summary>Reads and searches received.</summary>
    public int Reads { get; private set; }

    /// <summary>Reads and searches received per resource type (gathering reads Condition and Observation; the write-back never does).</summary>
    public ConcurrentDictionary<string, int> ReadsOf { get; } = new(StringComparer.Ordinal);

    /// <summary>Message Bundles posted to the messaging endpoint, in arrival order.</summary>
    public ConcurrentQueue<Bundle> Messages { get; } = new();

    public void Release() => hang.Release(100);

    public int Count(string type)
    {
        lock (gate)
        {
            return resources.Keys.Count(k => k.StartsWith(type + "/", StringComparison.Ordinal));
        }
    }

    /// <summary>Business identifiers (or write-back tags) held by more than one resource: must stay empty.</summary>
    public IReadOnlyList<string> Duplicates()
    {
        lock (gate)
        {
            return [.. resources.Select(r => Keys(r.Value[^1]).Select(k => $"{r.Key.Split('/')[0]}|{k}")).SelectMany(k => k.Distinct())
                .GroupBy(k => k).Where(g => g.Count() > 1).Select(g => g.Key)];
        }
    }

    public IReadOnlyList<T> All<T>() where T : Resource
    {
        lock (gate)
        {
            return [.. resources.Where(r => r.Key.StartsWith(typeof(T).Name + "/", StringComparison.Ordinal)).Select(r => FhirJson.Parse<T>(r.Value[^1].ToJsonString()))];
        }
    }

    /// <summary>Every version the partner holds of the first resource of a type, oldest first.</summary>
    public IReadOnlyList<T> History<T>() where T : Resource
    {
        lock (gate)
        {
            return [.. resources.First(r => r.Key.StartsWith(typeof(T).Name + "/", StringComparison.Ordinal)).Value.Select(v => FhirJson.Parse<T>(v.ToJsonString()))];
        }
    }

    /// <summary>Someone at the partner edits a resource (a new version): the program's next If-Match update conflicts.</summary>
    public void EditAtPartner(string type, Action<JsonObject> edit)
    {
        lock (gate)
        {
            Edit(type, edit);
        }
    }

    /// <summary>The partner already holds <paramref name="resource"/> (version 1), e.g. the placer's own Task.</summary>
    public void Hold(Resource resource)
    {
        var json = (JsonObject)JsonNode.Parse(FhirJson.Serialize(resource))!;
        Stamp(json, resource.Id!, 1);
        lock (gate)
        {
            resources[$"{resource.TypeName}/{resource.Id}"] = [json];
        }
    }

    /// <summary>Someone at the partner deletes a resource.</summary>
    public void DeleteAtPartner(string type)
    {
        lock (gate)
        {
            resources.Remove(resources.Keys.First(k => k.StartsWith(type + "/", StringComparison.Ordinal)));
        }
    }

    public int VersionOf(string type)
    {
        lock (gate)
        {
            return resources.First(r => r.Key.StartsWith(type + "/", StringComparison.Ordinal)).Value.Count;
        }
    }

    private async Task<IResponseMessage> TransactAsync(IRequestMessage request)
    {
        PartnerFault? fault = Faults.TryDequeue(out var next) ? next : null;
        Met.AddOrUpdate(fault ?? PartnerFault.None, 1, (_, n) => n + 1);
        Bundle answer;
        lock (gate)
        {
            Transactions++;
            switch (fault)
            {
                case PartnerFault.ServerError:
                    return Answer(500, Outcome("exception", "the database is down"));
                case PartnerFault.TooManyRequests:
                    var busy = Answer(429, Outcome("throttled", "slow down"));
                    busy.AddHeader("Retry-After", "1");
                    return busy;
                case PartnerFault.Unprocessable:
                    return Answer(422, Outcome("business-rule", "Task.owner is not a known organization"));
                case PartnerFault.Unavailable:
                    var down = Answer(503, Outcome("transient", "down for maintenance"));
                    down.AddHeader("Retry-After", "1");
                    return down;
                case PartnerFault.ResetBeforeReply:
                    return Dropped(Answer(500, ""));
                case PartnerFault.TimeoutBeforeCommit:
                    break;
                case PartnerFault.ConcurrentEdit or PartnerFault.ConcurrentEditConflict or PartnerFault.ConcurrentEditThenReadsFail:
                    failingReads = fault is PartnerFault.ConcurrentEditThenReadsFail ? FailingReadCount : failingReads;
                    EditTaskOf(request.Body!);
                    break;
            }

            if (fault is PartnerFault.TimeoutBeforeCommit)
            {
                answer = null!;
            }
            else
            {
                var bundle = (JsonObject)JsonNode.Parse(request.Body!)!;
                if (EnforcesReferences && Unresolvable(bundle) is { } missing)
                {
                    return Answer(400, Outcome("processing", $"Resource {missing} not found, specified in a reference"));
                }

                var before = SwallowsWrites ? resources.ToDictionary(r => r.Key, r => new List<JsonObject>(r.Value), StringComparer.Ordinal) : null;
                if (Apply(bundle, Prefers(request)) is not { } committed)
                {
                    return Answer(fault is PartnerFault.ConcurrentEditConflict ? 409 : 412, Outcome("conflict", "version conflict"));
                }

                answer = committed;
                Commits++;
                if (before is not null)
                {
                    resources.Clear();
                    foreach (var (key, versions) in before)
                    {
                        resources[key] = versions;
                    }
                }
            }
        }

        switch (fault)
        {
            case PartnerFault.TimeoutBeforeCommit:
                await Task.Delay(SlowAnswer);
                return Answer(500, Outcome("timeout", "gave up"));
            case PartnerFault.OkWithoutLocations:
            case null when SwallowsWrites:
                foreach (var entry in answer.Entry)
                {
                    entry.Response = new Bundle.ResponseComponent { Status = entry.Response.Status };
                    entry.Resource = null;
                }

                break;
            case PartnerFault.DropAfterCommit:
                return Dropped(Answer(200, FhirJson.Serialize(answer)));
            case PartnerFault.SlowAfterCommit:
                await Task.Delay(SlowAnswer);
                break;
            case PartnerFault.HangAfterCommit:
                await hang.WaitAsync(TimeSpan.FromSeconds(30));
                break;
        }

        return Answer(200, FhirJson.Serialize(answer));
    }

    private IResponseMessage Read(IRequestMessage request)
    {
        var path = request.Path["/fhir/".Length..];
        lock (gate)
        {
            Reads++;
            ReadsOf.AddOrUpdate(path.Split('/', '?')[0], 1, (_, n) => n + 1);
            if (failingReads > 0 && WriteBackTypes.Contains(path.Split('/', '?')[0]))
            {
                failingReads--;
                var busy = Answer(503, Outcome("transient", "read replica unavailable"));
                busy.AddHeader("Retry-After", "3600");
                return busy;
            }

            if (path.Contains('/', StringComparison.Ordinal))
            {
                return resources.TryGetValue(path, out var versions) && versions.Count > 0
                    ? Answer(200, versions[^1].ToJsonString())
                    : Answer(404, Outcome("not-found", "no such resource"));
            }

            var query = request.Query?.FirstOrDefault(q => q.Key is "identifier" or "_tag");
            var match = query is { Key: not null } q ? Find(resources, path, $"{q.Key}={q.Value[0]}") : null;
            var searchset = new JsonObject
            {
                ["resourceType"] = "Bundle",
                ["type"] = "searchset",
                ["entry"] = new JsonArray(match is null ? [] : [new JsonObject { ["resource"] = resources[match][^1].DeepClone() }]),
            };
            return Answer(200, searchset.ToJsonString());
        }
    }

    private IResponseMessage ReceiveMessage(IRequestMessage request)
    {
        var parsed = FhirJson.TryParse(request.Body!);
        if (parsed.Resource is not Bundle { Type: Bundle.BundleType.Message } message || !parsed.Succeeded)
        {
            return Answer(400, Outcome("structure", string.Join(" ", parsed.Issues.Select(i => i.Diagnostics)).Replace("\"", "'", StringComparison.Ordinal)));
        }

        var fault = MessageFaults.TryDequeue(out var next) ? next : PartnerFault.None;
        MessageFaultsMet.AddOrUpdate(fault, 1, (_, n) => n + 1);
        switch (fault)
        {
            case PartnerFault.ServerError:
                return Answer(500, Outcome("exception", "the engine is down"));
            case PartnerFault.Unavailable or PartnerFault.TooManyRequests:
                var busy = Answer(fault is PartnerFault.Unavailable ? 503 : 429, Outcome("transient", "busy"));
                busy.AddHeader("Retry-After", "1");
                return busy;
            case PartnerFault.ResetBeforeReply:
                return Dropped(Answer(500, ""));
            case PartnerFault.DropAfterCommit:
                Messages.Enqueue(message);
                return Dropped(Answer(200, ""));
        }

        Messages.Enqueue(message);
        return new ResponseMessage { StatusCode = 200 };
    }

    private static string Outcome(string code, string text) =>
        $$"""{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"{{code}}","diagnostics":"{{text}}"}]}""";

    private static ResponseMessage Answer(int status, string body)
    {
        var message = new ResponseMessage
        {
            StatusCode = status,
            BodyData = new BodyData { BodyAsString = body, DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
        };
        message.AddHeader("Content-Type", "application/fhir+json");
        return message;
    }

    public void Dispose()
    {
        Release();
        Server.Stop();
        hang.Dispose();
    }
}
