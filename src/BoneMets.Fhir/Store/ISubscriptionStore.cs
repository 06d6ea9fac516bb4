using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Store;

/// <summary>A notification as the endpoint stored it, before anything was done with it.</summary>
public sealed record StoredNotification(long Sequence, string PartnerId, string Body, DateTimeOffset ReceivedAt);

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

    Task<IReadOnlyList<StoredNotification>> PendingNotificationsAsync(int max, CancellationToken cancellationToken);

    Task MarkNotificationDoneAsync(long sequence, string? problem, DateTimeOffset now, CancellationToken cancellationToken);

    Task<SubscriptionState> StateAsync(string partnerId, CancellationToken cancellationToken);

    Task SaveStateAsync(SubscriptionState state, CancellationToken cancellationToken);

    /// <summary>The Subscription's event counter, or null when none of its events was taken in yet.</summary>
    Task<EventCounter?> CounterAsync(string partnerId, string subscriptionId, CancellationToken cancellationToken);

    Task SaveCounterAsync(EventCounter counter, CancellationToken cancellationToken);

    /// <summary>The latest processed version of a referral, or null when none was processed.</summary>
    Task<ProcessedVersion?> ProcessedVersionAsync(string referralKey, CancellationToken cancellationToken);

    Task RecordProcessedAsync(ProcessedVersion version, DateTimeOffset now, CancellationToken cancellationToken);
}
