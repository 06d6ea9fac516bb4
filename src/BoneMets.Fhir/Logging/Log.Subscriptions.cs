using Microsoft.Extensions.Logging;

namespace BoneMets.Fhir.Logging;

/// <summary>Subscriptions, notifications, recovery and the reconciliation poll (issue 7): event ids 2201–2299.</summary>
internal static partial class Log
{
    [LoggerMessage(2201, LogLevel.Information, "Subscription created on partner {PartnerId}: Subscription/{SubscriptionId}")]
    public static partial void SubscriptionCreated(ILogger logger, string partnerId, string subscriptionId);

    [LoggerMessage(2202, LogLevel.Information, "Subscription adopted on partner {PartnerId}: Subscription/{SubscriptionId}")]
    public static partial void SubscriptionAdopted(ILogger logger, string partnerId, string subscriptionId);

    [LoggerMessage(2203, LogLevel.Warning, "Subscription repaired on partner {PartnerId}: Subscription/{SubscriptionId} was {Status}; the update answered {HttpStatus}")]
    public static partial void SubscriptionRepaired(ILogger logger, string partnerId, string subscriptionId, string status, int httpStatus);

    [LoggerMessage(2204, LogLevel.Error, "Subscription not created on partner {PartnerId}: it answered {HttpStatus}; polling continues")]
    public static partial void SubscriptionNotCreated(ILogger logger, string partnerId, int httpStatus);

    [LoggerMessage(2210, LogLevel.Information, "Notification stored: {Sequence} from partner {PartnerId}")]
    public static partial void NotificationStored(ILogger logger, long sequence, string partnerId);

    [LoggerMessage(2211, LogLevel.Warning, "Notification refused from partner {PartnerId}: {HttpStatus}")]
    public static partial void NotificationRefused(ILogger logger, string partnerId, int httpStatus);

    [LoggerMessage(2212, LogLevel.Debug, "Notification {Sequence} from partner {PartnerId}: {Type}, {EventCount} events, highest event {HighestEvent}")]
    public static partial void NotificationRead(ILogger logger, long sequence, string partnerId, string type, int eventCount, long highestEvent);

    [LoggerMessage(2213, LogLevel.Warning, "Notification {Sequence} waits: partner {PartnerId} unavailable")]
    public static partial void NotificationDeferred(ILogger logger, long sequence, string partnerId);

    [LoggerMessage(2220, LogLevel.Warning, "Events missed from partner {PartnerId}: {GapCount} gaps, {EventCount} events; recovering")]
    public static partial void EventsMissed(ILogger logger, string partnerId, int gapCount, long eventCount);

    [LoggerMessage(2221, LogLevel.Information, "Events {From}..{To} recovered from partner {PartnerId} by $events: {EventCount} events")]
    public static partial void EventsRecovered(ILogger logger, string partnerId, long from, long to, int eventCount);

    [LoggerMessage(2222, LogLevel.Information, "$events unavailable on partner {PartnerId} ({HttpStatus}); recovering by search")]
    public static partial void EventsUnsupported(ILogger logger, string partnerId, int httpStatus);

    [LoggerMessage(2223, LogLevel.Warning, "Event numbering reset on partner {PartnerId}: highest {Was}, now {Now}; recovering by search")]
    public static partial void EventsReset(ILogger logger, string partnerId, long was, long now);

    [LoggerMessage(2224, LogLevel.Warning, "Heartbeat overdue from partner {PartnerId}: last contact {LastContact}; recovering by search")]
    public static partial void HeartbeatOverdue(ILogger logger, string partnerId, DateTimeOffset lastContact);

    [LoggerMessage(2225, LogLevel.Debug, "Late copy from partner {PartnerId}: count {Count} below the highest event {Highest} within the reorder window; the mark stays")]
    public static partial void EventsLate(ILogger logger, string partnerId, long count, long highest);

    [LoggerMessage(2226, LogLevel.Warning, "Subscription on partner {PartnerId} was repaired; recovering what it missed while {Status} by search")]
    public static partial void RepairRecovery(ILogger logger, string partnerId, string status);

    [LoggerMessage(2230, LogLevel.Information, "Poll of partner {PartnerId} ({Reason}): {Seen} referrals seen over {Pages} pages, {Offered} offered to intake, {Skipped} skipped")]
    public static partial void PollCompleted(ILogger logger, string partnerId, string reason, int seen, int pages, int offered, int skipped);

    [LoggerMessage(2231, LogLevel.Warning, "Poll of partner {PartnerId} failed: it answered {HttpStatus}; the safe point stays")]
    public static partial void PollFailed(ILogger logger, string partnerId, int httpStatus);

    [LoggerMessage(2233, LogLevel.Warning, "Next link of partner {PartnerId} refused during {Activity}: it points at {Origin}, outside the partner's base URL; the rest is a gap")]
    public static partial void NextLinkRefused(ILogger logger, string partnerId, string activity, string origin);

    [LoggerMessage(2232, LogLevel.Warning, "Partner {PartnerId} unavailable; its feed waits until {RetryAt}")]
    public static partial void FeedPostponed(ILogger logger, string partnerId, DateTimeOffset retryAt);

    [LoggerMessage(2240, LogLevel.Warning, "Notified referral on partner {PartnerId} could not be read: {HttpStatus}")]
    public static partial void PointerUnreadable(ILogger logger, string partnerId, int httpStatus);

    [LoggerMessage(2242, LogLevel.Warning, "Referral {ResourceType} from partner {PartnerId} is not addressed to this program (its Filter); not taken in")]
    public static partial void ReferralNotAddressed(ILogger logger, string partnerId, string resourceType);

    [LoggerMessage(2241, LogLevel.Warning, "Referral pointer from partner {PartnerId} refused by intake: {HttpStatus}")]
    public static partial void PointerRejected(ILogger logger, string partnerId, int httpStatus);

    [LoggerMessage(2250, LogLevel.Information, "Referral already processed at this version: inbox {Sequence}, version {Version}; nothing written")]
    public static partial void ReferralVersionSeen(ILogger logger, long sequence, string version);
}
