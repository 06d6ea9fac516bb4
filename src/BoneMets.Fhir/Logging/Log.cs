using Microsoft.Extensions.Logging;

namespace BoneMets.Fhir.Logging;

/// <summary>
/// Every log line the pipeline writes, with a stable event id. They carry ids, types, counts and outcome codes
/// only: never resource contents, names, birth dates or identifiers (PHI).
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Information, "Store opened (schema {SchemaVersion}) by instance {InstanceId}")]
    public static partial void StoreOpened(ILogger logger, int schemaVersion, string instanceId);

    [LoggerMessage(1101, LogLevel.Information, "Message accepted: inbox {Sequence}, {EntryCount} entries")]
    public static partial void MessageAccepted(ILogger logger, long sequence, int entryCount);

    [LoggerMessage(1102, LogLevel.Information, "Message resent with known ids: original response returned for inbox {Sequence}")]
    public static partial void MessageReplayed(ILogger logger, long sequence);

    [LoggerMessage(1103, LogLevel.Warning, "Message rejected: {IssueCount} issues, codes {IssueCodes}")]
    public static partial void MessageRejected(ILogger logger, int issueCount, string issueCodes);

    [LoggerMessage(1104, LogLevel.Warning, "Message conflicts with the reliable-messaging cache")]
    public static partial void MessageConflict(ILogger logger);

    [LoggerMessage(1105, LogLevel.Information, "Message accepted with {WarningCount} profile warnings, codes {IssueCodes}")]
    public static partial void MessageWarnings(ILogger logger, int warningCount, string issueCodes);

    [LoggerMessage(1201, LogLevel.Information, "Referral processed: inbox {Sequence}, urgency {Urgency}, {ResourceCount} resources written, routes {Routes}")]
    public static partial void ReferralProcessed(ILogger logger, long sequence, string urgency, int resourceCount, string routes);

    [LoggerMessage(1202, LogLevel.Warning, "Referral failed: inbox {Sequence}, attempt {Attempt}, {ErrorType}; retry at {RetryAt}")]
    public static partial void ReferralFailed(ILogger logger, long sequence, int attempt, string errorType, DateTimeOffset retryAt);

    [LoggerMessage(1203, LogLevel.Error, "Referral parked after {Attempt} attempts: inbox {Sequence}, {ErrorType}")]
    public static partial void ReferralParked(ILogger logger, long sequence, int attempt, string errorType);

    [LoggerMessage(1301, LogLevel.Information, "Messaging cache: {Expired} entries past their cache period removed")]
    public static partial void CacheExpired(ILogger logger, int expired);

    [LoggerMessage(1401, LogLevel.Information, "Context gathered from partner {PartnerId}: {RoundTrips} round trips, {ResourceCount} resources, {GapCount} gaps")]
    public static partial void ContextGathered(ILogger logger, string partnerId, int roundTrips, int resourceCount, int gapCount);

    [LoggerMessage(1402, LogLevel.Warning, "Referral deferred: inbox {Sequence}, partner {PartnerId} unavailable; retry at {RetryAt}")]
    public static partial void ReferralDeferred(ILogger logger, long sequence, string partnerId, DateTimeOffset retryAt);

    // Lifecycle and scheduling (issue 6, branch lifecycle): 2101–2199.
    [LoggerMessage(2101, LogLevel.Information, "Cancellation received: inbox {Sequence}, first for its referral {IsNew}, {ChangedCount} resources changed")]
    public static partial void CancellationReceived(ILogger logger, long sequence, bool isNew, int changedCount);

    [LoggerMessage(2102, LogLevel.Information, "Referral inbox {Sequence} was cancelled before it was processed: written as cancelled")]
    public static partial void ProcessedCancelled(ILogger logger, long sequence);

    [LoggerMessage(2111, LogLevel.Information, "Appointment {AppointmentId} booked on slot {SlotId} after {Attempts} attempts")]
    public static partial void AppointmentBooked(ILogger logger, string appointmentId, string slotId, int attempts);

    [LoggerMessage(2112, LogLevel.Warning, "Appointment {AppointmentId}: no free slot before the deadline on schedule {ScheduleId}")]
    public static partial void NoSlot(ILogger logger, string appointmentId, string scheduleId);

    [LoggerMessage(2113, LogLevel.Information, "Slot {SlotId} was taken by someone else (412); trying the next")]
    public static partial void SlotTaken(ILogger logger, string slotId);

    [LoggerMessage(2114, LogLevel.Warning, "Appointment {AppointmentId} was booked while its referral was being cancelled, closed or booked otherwise: booking released")]
    public static partial void BookingRaced(ILogger logger, string appointmentId);

    [LoggerMessage(2115, LogLevel.Information, "Appointment {AppointmentId} cancelled and its slot freed on the scheduling server")]
    public static partial void SlotReleased(ILogger logger, string appointmentId);

    [LoggerMessage(2116, LogLevel.Warning, "Scheduling pass failed for appointment {AppointmentId}: {ErrorType}; retried next pass")]
    public static partial void SchedulingFailed(ILogger logger, string appointmentId, string errorType);

    [LoggerMessage(2117, LogLevel.Warning, "No schedule configured for team {Team}: appointment {AppointmentId} stays proposed")]
    public static partial void NoSchedule(ILogger logger, string team, string appointmentId);

    [LoggerMessage(2118, LogLevel.Information, "Appointment {AppointmentId}: the scheduling server reports {Outcome}")]
    public static partial void VisitOutcome(ILogger logger, string appointmentId, string outcome);

    [LoggerMessage(2121, LogLevel.Warning, "Escalation {Kind} raised to the coordinator for task {TaskId}")]
    public static partial void EscalationRaised(ILogger logger, string kind, string taskId);

    [LoggerMessage(2001, LogLevel.Information, "Delivery {Sequence} ({Channel}) to partner {PartnerId} delivered: {ResourceCount} resources known by partner id, attempt {Attempt}")]
    public static partial void DeliveryDelivered(ILogger logger, long sequence, string channel, string partnerId, int resourceCount, int attempt);

    [LoggerMessage(2002, LogLevel.Warning, "Delivery {Sequence} ({Channel}) to partner {PartnerId} failed, attempt {Attempt}: {Reason}; retry at {RetryAt}")]
    public static partial void DeliveryRetrying(ILogger logger, long sequence, string channel, string partnerId, int attempt, string reason, DateTimeOffset retryAt);

    [LoggerMessage(2003, LogLevel.Error, "Delivery {Sequence} ({Channel}) to partner {PartnerId} parked after attempt {Attempt}")]
    public static partial void DeliveryParked(ILogger logger, long sequence, string channel, string partnerId, int attempt);
}
