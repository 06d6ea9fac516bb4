using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Store;

public enum InboxStatus { Pending, Processing, Done, Parked }

/// <summary>
/// An accepted message and, in the same transaction, the response it was given and where its write-back goes
/// (<paramref name="Route"/>; null: nowhere but this store). <paramref name="ReplyAsync"/>: the sender asked for
/// the response to be posted back, so it is queued in the outbox too.
/// </summary>
public sealed record InboundMessage(
    string BundleId,
    string HeaderId,
    string ReferralKey,
    string? RequestId,
    string? CorrelationId,
    string MessageJson,
    string ResponseJson,
    DateTimeOffset ReceivedAt,
    DateTimeOffset CacheUntil,
    DeliveryRoute? Route = null,
    bool ReplyAsync = false)
{
    /// <summary>
    /// The profile warnings intake returned ("path: text"), kept with the item so processing need not validate the
    /// message again (ADR 10). Null: not known (processing derives them).
    /// </summary>
    public IReadOnlyList<string>? Warnings { get; init; }

    /// <summary>
    /// The hash of the message's content (<see cref="Intake.MessageIdentity.ContentHash"/>), kept with its cache entry so
    /// a resend with the same ids and different content is refused. Null: not known (a resend is then not compared).
    /// </summary>
    public string? ContentHash { get; init; }

    /// <summary>
    /// The partner whose referral this is (the directory's answer at intake; ADR 0016). The first message about a
    /// referral decides, and what is stored for the referral is that partner's to read. Null: no partner's (only
    /// operator and auditor clients read it).
    /// </summary>
    public string? PartnerId { get; init; }
}

/// <summary>What the reliable-messaging cache made of a message (R4 messaging, "reliable messaging").</summary>
public abstract record AcceptResult
{
    /// <summary>Both ids new: stored, will be processed.</summary>
    public sealed record Accepted(long Sequence) : AcceptResult;

    /// <summary>Both ids seen: the original response was lost; here it is again, nothing is reprocessed.</summary>
    public sealed record Replay(string ResponseJson, long Sequence) : AcceptResult;

    /// <summary>One id seen with another: not the same message.</summary>
    public sealed record Conflict(string Reason) : AcceptResult;
}

/// <summary>The referral an item resolved to (its key) and, when it goes anywhere, where its write-back goes.</summary>
public sealed record ResolvedRoute(string ReferralKey, DeliveryRoute? Route);

public sealed record InboxItem(
    long Sequence,
    string BundleId,
    string HeaderId,
    string ReferralKey,
    string MessageJson,
    InboxStatus Status,
    int Attempts,
    string? LastError,
    string? CorrelationId,
    DateTimeOffset ReceivedAt)
{
    /// <summary>The profile warnings intake returned, when the store kept them (<see cref="InboundMessage.Warnings"/>); null otherwise.</summary>
    public IReadOnlyList<string>? Warnings { get; init; }

    /// <summary>The claim this instance holds on the item (<see cref="IReferralInbox.ClaimNextAsync"/>); null on items listed, not claimed.</summary>
    public StoreLease? Lease { get; init; }
}

/// <summary>
/// The durable inbox and messaging cache, shared by every instance on the store (ADR 0015). Accepting writes the
/// message and its response in one transaction; completing writes every produced resource and marks the item done in
/// one transaction, so a crash at any point leaves either nothing or everything.
/// <para>
/// Items are worked under a lease (<see cref="StoreLease"/>): a claim marks the item <c>processing</c>, records the
/// claiming instance and a fresh fencing token, and holds for <see cref="StoreOptions.LeaseDuration"/>. A live
/// lease is never taken; an expired one is taken over by the next claim, by any instance, so the work of an instance
/// that died is picked up without anything being reset at startup. Every write about a claimed item (renew, complete,
/// fail, defer) carries its lease and is refused with <see cref="StoreConflictException"/> when the token no longer
/// matches: the item was taken over and the other instance's result is the one that counts.
/// </para>
/// </summary>
public interface IReferralInbox
{
    /// <summary>
    /// R4 reliable messaging as one atomic insert-or-get: the message, its response and its route are inserted unless a
    /// cache entry already holds its Bundle.id, MessageHeader.id or X-Request-ID (a unique key each); when one does, what
    /// this call inserted is undone and the entry that won is read back and classified (<see cref="AcceptResult"/>). Two
    /// copies racing on two instances therefore make one item, and both senders get the original response.
    /// </summary>
    Task<AcceptResult> AcceptAsync(InboundMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Claims the oldest item that is pending with its retry time come, or processing under an expired lease: marks it
    /// processing under a new lease for this instance (until <paramref name="now"/> + the lease duration) and counts the
    /// attempt (so an item that kills every instance that takes it still runs out of attempts). Null when none is due.
    /// Atomic across instances: two claimers never get the same item under live leases.
    /// </summary>
    Task<InboxItem?> ClaimNextAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Extends the item's lease to <paramref name="now"/> + the lease duration; the renewed lease, or null when it was
    /// lost (taken over by another claim), in which case the holder must stop and record nothing.
    /// </summary>
    Task<StoreLease?> RenewAsync(InboxItem item, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Writes what processing produced and marks the item done, in one transaction, queueing its delivery. For an item
    /// that only pointed at its referral, <paramref name="resolved"/> names the referral it turned out to be (its key and
    /// where its write-back goes, learnt once fetched); the delivery and every later change are keyed on that.
    /// Refused (<see cref="StoreConflictException"/>, nothing written) when the item's lease was lost, and
    /// (<see cref="StaleRecordException"/>) when a version in <paramref name="expected"/> ("Type/id" → the version the
    /// commit was decided from; 0: not stored) is no longer current.
    /// </summary>
    Task CompleteAsync(
        InboxItem item, IReadOnlyCollection<Resource> produced, DateTimeOffset now, CancellationToken cancellationToken, ResolvedRoute? resolved = null,
        IReadOnlyDictionary<string, int>? expected = null);

    /// <summary>
    /// Records a failed attempt: back to pending until <paramref name="retryAt"/>, or parked when it is null; the lease
    /// ends. Refused (<see cref="StoreConflictException"/>) when the lease was lost.
    /// </summary>
    Task FailAsync(InboxItem item, string reason, DateTimeOffset? retryAt, CancellationToken cancellationToken);

    /// <summary>
    /// Puts a claimed item back until <paramref name="retryAt"/> without spending the attempt (its partner is down); the
    /// lease ends. Refused (<see cref="StoreConflictException"/>) when the lease was lost.
    /// </summary>
    Task DeferAsync(InboxItem item, string reason, DateTimeOffset retryAt, CancellationToken cancellationToken);

    Task<IReadOnlyList<InboxItem>> ListAsync(InboxStatus status, CancellationToken cancellationToken);

    /// <summary>Puts a parked item back in the queue with a fresh attempt count; false when no parked item has that number.</summary>
    Task<bool> RetryAsync(long sequence, CancellationToken cancellationToken);

    /// <summary>
    /// A resend recognised before the message is parsed: the cached answer when a message with this Bundle.id and
    /// MessageHeader.id was accepted (a <see cref="AcceptResult.Replay"/>, or a <see cref="AcceptResult.Conflict"/> when its
    /// content hash differs); null otherwise, and the message goes the whole way (<see cref="AcceptAsync"/> decides).
    /// </summary>
    Task<AcceptResult?> FindResendAsync(string bundleId, string headerId, string contentHash, CancellationToken cancellationToken) =>
        Task.FromResult<AcceptResult?>(null);

    /// <summary>Forgets messaging-cache entries older than their cache period (the inbox keeps its rows).</summary>
    Task<int> ExpireMessageCacheAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
