using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Testing;

/// <summary>What a fault does: before the request is served, instead of it, or after it was served.</summary>
public enum FaultKind
{
    /// <summary>Answers <see cref="Fault.Status"/> with an OperationOutcome (and Retry-After) without serving the request.</summary>
    Refuse,

    /// <summary>Drops the connection without serving or answering (a reset).</summary>
    ResetBeforeReply,

    /// <summary>Waits <see cref="Fault.Delay"/> without serving, then answers 504: longer than a client waits, nothing done.</summary>
    TimeoutBeforeServing,

    /// <summary>Waits <see cref="Fault.Delay"/>, then serves the request truthfully (a slow server).</summary>
    SlowBeforeServing,

    /// <summary>Holds the request at <see cref="Fault.Gate"/> until the test opens it, then serves it.</summary>
    Held,

    /// <summary>Runs <see cref="Fault.Meanwhile"/> against the store first (someone at the partner edits), then serves.</summary>
    EditMeanwhile,

    /// <summary>Serves the request, then drops the connection: the write happened, the client never hears.</summary>
    DropAfterServing,

    /// <summary>Serves the request, then answers <see cref="Fault.Status"/> as if it failed (a proxy that gave up after the commit).</summary>
    FailAfterServing,

    /// <summary>Serves the request, then answers only after <see cref="Fault.Delay"/> (the client has given up).</summary>
    SlowAfterServing,

    /// <summary>Serves the request, then holds the answer at <see cref="Fault.Gate"/>.</summary>
    HangAfterServing,

    /// <summary>Serves the request, then answers 200/201 with entries that carry a status only: no Location, ETag or body.</summary>
    WithoutLocations,

    /// <summary>Answers as if the write was served (statuses, locations) but keeps nothing: a proxy that swallows writes.</summary>
    NotStored,
}

/// <summary>
/// One way a partner's server misbehaves, as real ones do. Build with the factories; inject with
/// <see cref="FhirTestServer.Inject"/>, which says which requests meet it and how many times.
/// </summary>
public sealed record Fault(FaultKind Kind, string Name)
{
    public int Status { get; init; } = 500;

    public OperationOutcome.IssueType Code { get; init; } = OperationOutcome.IssueType.Exception;

    public string Diagnostics { get; init; } = "";

    /// <summary>Retry-After in seconds, sent with a refusal; null for none.</summary>
    public int? RetryAfter { get; init; }

    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(3);

    public FaultGate? Gate { get; init; }

    public Action<FhirTestServer>? Meanwhile { get; init; }

    public static Fault Refuse(int status, OperationOutcome.IssueType code, string diagnostics, int? retryAfter = null, string? name = null) =>
        new(FaultKind.Refuse, name ?? $"{status}") { Status = status, Code = code, Diagnostics = diagnostics, RetryAfter = retryAfter };

    /// <summary>500: the database behind the server is down.</summary>
    public static Fault ServerError { get; } = Refuse(500, OperationOutcome.IssueType.Exception, "the database is down", name: nameof(ServerError));

    /// <summary>503 with Retry-After (1 s unless told).</summary>
    public static Fault Unavailable(int retryAfter = 1) =>
        Refuse(503, OperationOutcome.IssueType.Transient, "down for maintenance", retryAfter, nameof(Unavailable));

    /// <summary>429 with Retry-After: 1.</summary>
    public static Fault TooManyRequests { get; } = Refuse(429, OperationOutcome.IssueType.Throttled, "slow down", 1, nameof(TooManyRequests));

    /// <summary>422 with a business-rule OperationOutcome: a permanent rejection.</summary>
    public static Fault Unprocessable { get; } =
        Refuse(422, OperationOutcome.IssueType.BusinessRule, "Task.owner is not a known organization", name: nameof(Unprocessable));

    public static Fault ResetBeforeReply { get; } = new(FaultKind.ResetBeforeReply, nameof(ResetBeforeReply));

    public static Fault TimeoutBeforeServing(TimeSpan delay) => new(FaultKind.TimeoutBeforeServing, nameof(TimeoutBeforeServing)) { Delay = delay };

    public static Fault Slow(TimeSpan delay) => new(FaultKind.SlowBeforeServing, nameof(Slow)) { Delay = delay };

    public static Fault Hold(FaultGate gate) => new(FaultKind.Held, nameof(Hold)) { Gate = gate };

    public static Fault EditMeanwhile(Action<FhirTestServer> edit, string name = nameof(EditMeanwhile)) => new(FaultKind.EditMeanwhile, name) { Meanwhile = edit };

    public static Fault DropAfterServing { get; } = new(FaultKind.DropAfterServing, nameof(DropAfterServing));

    public static Fault FailAfterServing(int status = 500) => new(FaultKind.FailAfterServing, nameof(FailAfterServing)) { Status = status };

    public static Fault SlowAfterServing(TimeSpan delay) => new(FaultKind.SlowAfterServing, nameof(SlowAfterServing)) { Delay = delay };

    public static Fault HangAfterServing(FaultGate gate) => new(FaultKind.HangAfterServing, nameof(HangAfterServing)) { Gate = gate };

    public static Fault WithoutLocations { get; } = new(FaultKind.WithoutLocations, nameof(WithoutLocations));

    public static Fault NotStored { get; } = new(FaultKind.NotStored, nameof(NotStored));

    public override string ToString() => Name;
}
