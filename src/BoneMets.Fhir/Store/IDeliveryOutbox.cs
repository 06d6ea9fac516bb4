using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Store;

public enum DeliveryStatus { Pending, Processing, Done, Parked, Discarded }

/// <summary>The two ways a referral's answer reaches the referrer: its FHIR server, and its messaging endpoint.</summary>
public enum DeliveryChannel { Fhir, Message }

/// <summary>
/// How a reference to one of the referral's received resources is written in what the partner gets.
/// <c>Hosted</c>: the literal is the resource's id on the partner's write-back server itself (its fullUrl was there),
/// not a guess from its id in the message — for the placer's Task, the one the program then updates in place.
/// <c>Fetched</c>: the resource was read from the partner (a references-only referral), so its literal is the partner's
/// own id too; otherwise a literal that is not <c>Hosted</c> is only the id in the message, and the delivery looks the
/// resource up by its identifier (issue 19).
/// </summary>
public sealed record RouteReference(string? Literal, string? Type, string? IdentifierSystem, string? IdentifierValue, bool Hosted = false, bool Fetched = false)
{
    /// <summary>The literal names the partner's own resource (not merely the id in a message).</summary>
    public bool Authoritative => Hosted || Fetched;
}

/// <summary>
/// Where a referral's write-back goes, recorded with the message at intake: the partner, its FHIR base (null when
/// write-back is off), the reply endpoint for messages (null when none), and how the received resources are
/// referred to on the partner's side (keyed "Type/local id"); <c>SourceEndpoint</c>: this service's own
/// $process-message, the source of the messages it posts.
/// </summary>
public sealed record DeliveryRoute(
    string ReferralKey,
    string PartnerId,
    string? FhirBase,
    string? ReplyEndpoint,
    string? RequestHeaderId,
    IReadOnlyDictionary<string, RouteReference> Received,
    string? SourceEndpoint = null);

/// <summary>
/// One queued delivery: a snapshot of what changed (a collection Bundle, or a message Bundle to post), and — once
/// claimed — the lease this instance holds on it.
/// </summary>
public sealed record Delivery(
    long Sequence,
    string ReferralKey,
    string PartnerId,
    DeliveryChannel Channel,
    string Target,
    string Reason,
    string PayloadJson,
    DeliveryStatus Status,
    int Attempts,
    string? LastError,
    DateTimeOffset CreatedAt)
{
    /// <summary>The claim this instance holds (<see cref="IDeliveryOutbox.ClaimNextDeliveryAsync"/>); null on deliveries listed, not claimed.</summary>
    public StoreLease? Lease { get; init; }
}

/// <summary>A write-back resource's id and version on the partner's server, learnt from its transaction response.</summary>
public sealed record PartnerVersion(string Type, string LocalId, string TheirId, string? TheirVersion);

/// <summary>
/// The durable outbox (ADR 0011), shared by every instance on the store (ADR 0015). Deliveries are queued by the store
/// in the same transaction that writes what they carry (<see cref="IReferralInbox.CompleteAsync"/>,
/// <see cref="IReferralChanges.CommitChangeAsync"/>); this is the delivery loop's and the operator's side. Deliveries
/// are sent under a lease with the same semantics as the inbox's (<see cref="StoreLease"/>): a live lease is never
/// taken, an expired one is taken over by the next claim, and a holder whose lease was taken over can no longer record
/// the outcome (<see cref="StoreConflictException"/>).
/// </summary>
public interface IDeliveryOutbox
{
    /// <summary>
    /// Claims the oldest delivery that is pending and due, or processing under an expired lease, whose referral has
    /// nothing earlier outstanding on the same channel (pending, processing or parked): marks it processing under a new
    /// lease for this instance and counts the attempt; null when none. So one referral's changes on one channel reach
    /// the partner in order and never from two instances at once, while an instance that died hands its delivery over
    /// when the lease runs out. Among the claimable, the partner with the fewest live leases goes first.
    /// </summary>
    Task<Delivery?> ClaimNextDeliveryAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Extends the delivery's lease to <paramref name="now"/> + the lease duration; null when it was lost.</summary>
    Task<StoreLease?> RenewDeliveryAsync(Delivery delivery, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Marks a delivery done and records what the partner called each resource, in one transaction. Refused
    /// (<see cref="StoreConflictException"/>, nothing written) when the lease was lost.
    /// </summary>
    Task CompleteDeliveryAsync(Delivery delivery, IReadOnlyCollection<PartnerVersion> learnt, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Back to pending until <paramref name="retryAt"/>, or parked (with the reason) when it is null; the lease ends.
    /// Refused (<see cref="StoreConflictException"/>) when the lease was lost.
    /// </summary>
    Task FailDeliveryAsync(Delivery delivery, string reason, DateTimeOffset? retryAt, CancellationToken cancellationToken);

    /// <summary>What the partner calls the referral's delivered resources (a referral's write-back refers only to its own).</summary>
    Task<IReadOnlyList<PartnerVersion>> PartnerVersionsAsync(string partnerId, string referralKey, CancellationToken cancellationToken);

    Task<DeliveryRoute?> RouteAsync(string referralKey, CancellationToken cancellationToken);

    /// <summary>Referrals whose sender matched no partner: they get no write-back (issue 19: said, not silently skipped).</summary>
    Task<int> CountUnmatchedAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<Delivery>> ListDeliveriesAsync(DeliveryStatus? status, CancellationToken cancellationToken);

    /// <summary>A parked delivery back in the queue with a fresh attempt count; false when none is parked under that number.</summary>
    Task<bool> RetryDeliveryAsync(long sequence, CancellationToken cancellationToken);

    /// <summary>Gives up a parked delivery (the operator's reason is kept); later deliveries of its referral then flow.</summary>
    Task<bool> DiscardDeliveryAsync(long sequence, string reason, CancellationToken cancellationToken);
}
