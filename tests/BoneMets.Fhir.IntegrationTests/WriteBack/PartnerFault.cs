namespace BoneMets.Fhir.IntegrationTests.WriteBack;

/// <summary>What the fake does to the next transaction (in order, one fault per transaction).</summary>
public enum PartnerFault
{
    /// <summary>No fault: the transaction is answered truthfully.</summary>
    None,

    /// <summary>500 before committing anything.</summary>
    ServerError,

    /// <summary>429 with Retry-After: 1, before committing.</summary>
    TooManyRequests,

    /// <summary>422 with an OperationOutcome: a permanent rejection.</summary>
    Unprocessable,

    /// <summary>Commits, then drops the connection without a response.</summary>
    DropAfterCommit,

    /// <summary>Commits, then answers only after <see cref="FakePartnerServer.SlowAnswer"/> (the client has timed out).</summary>
    SlowAfterCommit,

    /// <summary>Commits, then holds the response until <see cref="FakePartnerServer.Release"/> (the host is stopped meanwhile).</summary>
    HangAfterCommit,

    /// <summary>Someone at the partner adds a note to the first Task just before the transaction: its If-Match is stale (412).</summary>
    ConcurrentEdit,

    /// <summary>As <see cref="ConcurrentEdit"/>, answered 409 (as HAPI does for some version conflicts).</summary>
    ConcurrentEditConflict,

    /// <summary>A genuine 412 (as <see cref="ConcurrentEdit"/>), then the next <see cref="FakePartnerServer.FailingReadCount"/> reads answer 503 with a Retry-After of an hour.</summary>
    ConcurrentEditThenReadsFail,

    /// <summary>503 with Retry-After: 1, before committing.</summary>
    Unavailable,

    /// <summary>Commits, then answers 200 with a transaction-response whose entries carry a status only: no location, no etag.</summary>
    OkWithoutLocations,

    /// <summary>Answers nothing for longer than the client waits, without committing (a timeout).</summary>
    TimeoutBeforeCommit,

    /// <summary>Drops the connection before committing or replying (a reset).</summary>
    ResetBeforeReply,
}
