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

/// <summary>One queued delivery: a snapshot of what changed (a collection Bundle, or a message Bundle to post).</summary>
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
    DateTimeOffset CreatedAt);

/// <summary>A write-back resource's id and version on the partner's server, learnt from its transaction response.</summary>
public sealed record PartnerVersion(string Type, string LocalId, string TheirId, string? TheirVersion);

/// <summary>
/// The durable outbox (ADR 0011). Deliveries are queued by the store in the same transaction that writes what
/// they carry (<see cref="IReferralInbox.CompleteAsync"/>, <see cref="IReferralChanges.CommitChangeAsync"/>);
/// this is the delivery loop's and the operator's side.
/// </summary>
public interface IDeliveryOutbox
{
    /// <summary>
    /// The oldest due pending delivery whose referral has nothing earlier outstanding on the same channel (pending,
    /// processing or parked), marked processing; null when none. Keeps one referral's changes in order.
    /// </summary>
    Task<Delivery?> ClaimNextDeliveryAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Marks a delivery done and records what the partner called each resource, in one transaction.</summary>
    Task CompleteDeliveryAsync(Delivery delivery, IReadOnlyCollection<PartnerVersion> learnt, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Back to pending until <paramref name="retryAt"/>, or parked (with the reason) when it is null.</summary>
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
