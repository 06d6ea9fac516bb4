using System.Collections.Concurrent;
using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Testing;

/// <summary>
/// A little FHIR R4 server for tests, over an in-memory store, on WireMock: read, vread, search (with paging in any
/// <see cref="PageLinkForm"/>, <c>_include</c>, <c>_revinclude</c>), create, update with If-Match, conditional create
/// and update, delete, batch and transaction (atomic), <c>$process-message</c>, and faults that misbehave as real
/// servers do (<see cref="Inject"/>). Requests are served one at a time, as one database would. The one fake every
/// test that talks to a partner uses; a test may still add its own WireMock mapping for an answer no server gives.
/// </summary>
public sealed partial class FhirTestServer : IDisposable
{
    public const string FhirJsonType = "application/fhir+json";
    private static readonly FhirJsonSerializer Serializer = new();
    private readonly Lock gate = new();
    private readonly ResourceStore store = new();
    private readonly List<FaultRule> faults = [];
    private readonly List<(string Type, List<Resource> Matches, List<Resource> Included)> searches = [];

    public FhirTestServer()
    {
        Server.Given(Request.Create().UsingAnyMethod()).AtPriority(1000).RespondWith(Response.Create().WithCallback(AnswerAsync));
    }

    public WireMockServer Server { get; } = WireMockServer.Start();

    public string BaseUrl => Server.Url + BasePath;

    public const string BasePath = "/fhir";

    /// <summary>The server's clock (meta.lastUpdated, _lastUpdated searches).</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>The most a search page holds (a smaller <c>_count</c> is honoured). Default 50.</summary>
    public int PageSize { get; set; } = 50;

    /// <summary>How next links are written. Default <see cref="PageLinkForm.Absolute"/>.</summary>
    public PageLinkForm Paging { get; set; } = PageLinkForm.Absolute;

    /// <summary>Answers batches (and says so in the CapabilityStatement). Default true; false answers a batch 405.</summary>
    public bool BatchSupported { get; set; } = true;

    /// <summary>Honours <c>_include</c>/<c>_revinclude</c> (and declares them); false ignores them, as some servers do. Default true.</summary>
    public bool IncludeSupported { get; set; } = true;

    /// <summary>Honours <c>Prefer: return=representation</c> in transaction-responses (HAPI does; some servers ignore it). Default false.</summary>
    public bool ReturnsRepresentation { get; set; }

    /// <summary>
    /// Refuses a write whose relative reference names a resource the server does not hold (nor the same Bundle), with
    /// this status (409 by default when set; HAPI answers 400). Null (the default) accepts dangling references.
    /// </summary>
    public int? RefusesMissingReferences { get; set; }

    /// <summary>What a search shows of a matching resource (a server answering searches from a stale cache); reads are not affected.</summary>
    public Func<Resource, Resource> SearchView { get; set; } = r => r;

    /// <summary>The CapabilityStatement served at <c>/metadata</c>; null (default) declares what the server holds and does.</summary>
    public CapabilityStatement? Capability { get; set; }

    /// <summary>Runs inside a transaction that creates something, before it is served (to change the world "during" a write).</summary>
    public Action? DuringCreatingTransaction { get; set; }

    /// <summary>Message Bundles received at <c>$process-message</c>, in arrival order.</summary>
    public ConcurrentQueue<Bundle> Messages { get; } = new();

    /// <summary>How often each fault was met, by <see cref="Fault.Name"/>.</summary>
    public ConcurrentDictionary<string, int> Met { get; } = new(StringComparer.Ordinal);

    /// <summary>Every request the server received (its own and any mapping a test added), in arrival order.</summary>
    public IReadOnlyList<FhirRequest> Received => [.. Server.LogEntries.OrderBy(e => e.RequestMessage.DateTime).Select(e => ToFhirRequest(e.RequestMessage))];

    /// <summary>"GET /fhir/Condition?patient=…" for every request, in order, the query decoded.</summary>
    public IReadOnlyList<string> Requests => [.. Received.Select(r => r.Line(BasePath))];

    /// <summary>Requests other than the CapabilityStatement: the round trips a piece of work cost.</summary>
    public int RoundTrips => Received.Count(r => r.Interaction != FhirInteraction.Capabilities);

    private readonly ConcurrentDictionary<int, int> statuses = new();

    /// <summary>How many requests the server itself answered with <paramref name="status"/> (before any fault after serving).</summary>
    public int AnsweredWith(int status) => statuses.GetValueOrDefault(status);

    /// <summary>Transactions that changed the store.</summary>
    public int Commits { get; private set; }

    /// <summary>
    /// From now on, the next <paramref name="times"/> requests that <paramref name="when"/> selects (every request when
    /// null) meet <paramref name="fault"/>. Rules are met in the order they were injected, one per request.
    /// </summary>
    public FhirTestServer Inject(Fault fault, Func<FhirRequest, bool>? when = null, int times = 1)
    {
        lock (gate)
        {
            faults.Add(new FaultRule(fault, when ?? (_ => true), times));
        }

        return this;
    }

    /// <summary>Selects requests by interaction and, optionally, resource type.</summary>
    public static Func<FhirRequest, bool> On(FhirInteraction interaction, string? type = null) =>
        r => r.Interaction == interaction && (type is null || r.Type == type);

    private async Task<IResponseMessage> AnswerAsync(IRequestMessage message)
    {
        var request = ToFhirRequest(message);
        var fault = NextFault(request);
        if (fault is not null)
        {
            Met.AddOrUpdate(fault.Name, 1, (_, n) => n + 1);
        }

        switch (fault?.Kind)
        {
            case FaultKind.Refuse:
                return Wire(Refusal(fault));
            case FaultKind.ResetBeforeReply:
                return Dropped(Wire(new Answer(500, null)));
            case FaultKind.TimeoutBeforeServing:
                await Task.Delay(fault.Delay);
                return Wire(new Answer(504, Outcome(OperationOutcome.IssueType.Timeout, "gave up")));
            case FaultKind.SlowBeforeServing:
                await Task.Delay(fault.Delay);
                break;
            case FaultKind.Held:
                await fault.Gate!.PassAsync();
                break;
        }

        // Outside the lock: what happens meanwhile may itself talk to the server.
        fault?.Meanwhile?.Invoke(this);
        if (DuringCreatingTransaction is { } during && request.Interaction == FhirInteraction.Transaction
            && request.Body?.Contains("\"POST\"", StringComparison.Ordinal) == true)
        {
            during();
        }

        Answer answer;
        lock (gate)
        {
            try
            {
                answer = fault?.Kind == FaultKind.NotStored ? ServeDiscarding(request) : Serve(request);
            }
            catch (Exception e) when (e is NotSupportedException or FormatException or InvalidOperationException)
            {
                // The test server's own limit (or bug): say so as a server would, never as a WireMock page.
                answer = new Answer(500, Outcome(OperationOutcome.IssueType.Exception, $"test server: {e.Message}"));
            }
        }

        statuses.AddOrUpdate(answer.Status, 1, (_, n) => n + 1);
        switch (fault?.Kind)
        {
            case FaultKind.FailAfterServing:
                return Wire(new Answer(fault.Status, Outcome(OperationOutcome.IssueType.Exception, "the connection to the database was lost")));
            case FaultKind.DropAfterServing:
                return Dropped(Wire(answer));
            case FaultKind.SlowAfterServing:
                await Task.Delay(fault.Delay);
                break;
            case FaultKind.HangAfterServing:
                await fault.Gate!.PassAsync().WaitAsync(TimeSpan.FromSeconds(30));
                break;
            case FaultKind.WithoutLocations or FaultKind.NotStored:
                answer = answer.WithoutLocations();
                break;
        }

        return Wire(answer);
    }

    private Fault? NextFault(FhirRequest request)
    {
        lock (gate)
        {
            var rule = faults.FirstOrDefault(f => f.Remaining > 0 && f.When(request));
            if (rule is null)
            {
                return null;
            }

            rule.Remaining--;
            return rule.Fault;
        }
    }

    private Answer Refusal(Fault fault)
    {
        var answer = new Answer(fault.Status, Outcome(fault.Code, fault.Diagnostics));
        return fault.RetryAfter is { } seconds ? answer.With("Retry-After", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)) : answer;
    }

    private static FhirRequest ToFhirRequest(IRequestMessage message)
    {
        var path = message.Path.StartsWith(BasePath, StringComparison.Ordinal) ? message.Path[BasePath.Length..].Trim('/') : message.Path.Trim('/');
        var headers = (message.Headers ?? new Dictionary<string, WireMockList<string>>()).ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        return new FhirRequest(message.Method, Uri.UnescapeDataString(path), (message.RawQuery ?? "").TrimStart('?'), message.Body, headers);
    }

    public static OperationOutcome Outcome(OperationOutcome.IssueType code, string diagnostics) => new()
    {
        Issue = [new OperationOutcome.IssueComponent { Severity = OperationOutcome.IssueSeverity.Error, Code = code, Diagnostics = diagnostics }],
    };

    private static ResponseMessage Wire(Answer answer)
    {
        var message = new ResponseMessage { StatusCode = answer.Status };
        if (answer.Body is not null)
        {
            message.BodyData = new BodyData { BodyAsString = Serializer.SerializeToString(answer.Body), DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 };
            message.AddHeader("Content-Type", FhirJsonType);
        }

        foreach (var (name, value) in answer.Headers)
        {
            message.AddHeader(name, value);
        }

        return message;
    }

    private static ResponseMessage Dropped(ResponseMessage message)
    {
        message.FaultType = FaultType.MALFORMED_RESPONSE_CHUNK;
        message.FaultPercentage = 1.0;
        return message;
    }

    public void Dispose() => Server.Stop();

    private sealed class FaultRule(Fault fault, Func<FhirRequest, bool> when, int times)
    {
        public Fault Fault { get; } = fault;

        public Func<FhirRequest, bool> When { get; } = when;

        public int Remaining { get; set; } = times;
    }
}
