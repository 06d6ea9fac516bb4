using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Store;

/// <summary>A notification as the endpoint stored it, before anything was done with it; once claimed, with the lease held on it.</summary>
public sealed record StoredNotification(long Sequence, string PartnerId, string Body, DateTimeOffset ReceivedAt)
{
    /// <summary>The claim this instance holds (<see cref="ISubscriptionStore.ClaimNextNotificationAsync"/>); null when only listed.</summary>
    public StoreLease? Lease { get; init; }
}

/// <summary>
/// What the service knows of one partner's feed of referrals: its Subscription, the highest event number seen
/// (Backport), when the partner last made contact, and the poll's safe point — the partner's own lastUpdated up to
/// which every referral has been fed into intake.
/// </summary>
public sealed record SubscriptionState(
    string PartnerId, string? SubscriptionId, long HighestEvent, DateTimeOffset? LastContact, DateTimeOffset? SafePoint)
{
    public static SubscriptionState New(string partnerId) => new(partnerId, null, 0, null, null);
}

/// <summary>
/// One Subscription's event counter (Backport numbering is per Subscription: two on one endpoint count apart): the
/// highest event number taken in, and when it last moved up (the reorder window runs from then).
/// </summary>
public sealed record EventCounter(string PartnerId, string SubscriptionId, long HighestEvent, DateTimeOffset AdvancedAt);

/// <summary>The version of a referral last processed, for deduplication across paths (message, notification, poll).</summary>
public sealed record ProcessedVersion(string ReferralKey, string Version, DateTimeOffset? LastUpdated);

/// <summary>Durable notifications (stored before the sender is answered), per-partner feed state, processed versions.</summary>
public interface ISubscriptionStore
{
    Task<long> SaveNotificationAsync(string partnerId, string body, DateTimeOffset receivedAt, CancellationToken cancellationToken);

    /// <summary>Notifications not yet done (pending, or claimed and in progress), oldest first: a listing, not a claim.</summary>
    Task<IReadOnlyList<StoredNotification>> PendingNotificationsAsync(int max, CancellationToken cancellationToken);

    /// <summary>
    /// Claims the partner's oldest notification not yet done — pending, or processing under an expired lease — unless an
    /// earlier one of the partner is processing under a live lease: marks it processing under a new lease for this
    /// instance (<see cref="StoreLease"/>, as the inbox's). One partner's notifications are thus taken one at a time, in
    /// arrival order (event counters depend on it), and never by two instances at once; null when none can be taken.
    /// </summary>
    Task<StoredNotification?> ClaimNextNotificationAsync(string partnerId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Extends the notification's lease to <paramref name="now"/> + the lease duration; null when it was lost.</summary>
    Task<StoreLease?> RenewNotificationAsync(StoredNotification notification, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Done (or unreadable, with the problem); the lease ends. Refused (<see cref="StoreConflictException"/>) when the
    /// lease was lost: the instance that took it over processes it again, which the feed's deduplication makes harmless.
    /// </summary>
    Task MarkNotificationDoneAsync(StoredNotification notification, string? problem, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Back to pending, the lease ended, for the next claim (its partner is down). Refused when the lease was lost.</summary>
    Task ReleaseNotificationAsync(StoredNotification notification, CancellationToken cancellationToken);

    Task<SubscriptionState> StateAsync(string partnerId, CancellationToken cancellationToken);

    Task SaveStateAsync(SubscriptionState state, CancellationToken cancellationToken);

    /// <summary>The Subscription's event counter, or null when none of its events was taken in yet.</summary>
    Task<EventCounter?> CounterAsync(string partnerId, string subscriptionId, CancellationToken cancellationToken);

    Task SaveCounterAsync(EventCounter counter, CancellationToken cancellationToken);

    /// <summary>The latest processed version of a referral, or null when none was processed.</summary>
    Task<ProcessedVersion?> ProcessedVersionAsync(string referralKey, CancellationToken cancellationToken);

    Task RecordProcessedAsync(ProcessedVersion version, DateTimeOffset now, CancellationToken cancellationToken);
}
