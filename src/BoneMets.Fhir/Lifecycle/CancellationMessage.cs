using BoneMets.Fhir.Intake;
using Hl7.Fhir.Model;
using Task = Hl7.Fhir.Model.Task;

namespace BoneMets.Fhir.Lifecycle;

/// <summary>
/// Whether a referral message is the referrer cancelling it. A cancellation is the same referral (same placer
/// identifier, so the same referral key) sent again with its Task cancelled (BSeR's placer-side cancel, Task
/// 6.0 or status cancelled) or its ServiceRequest revoked or entered-in-error. Pure.
/// </summary>
public static class CancellationMessage
{
    public static bool IsCancellation(ReferralMessage message) =>
        message.ReferralTask is { Status: Task.TaskStatus.Cancelled }
        || message.ServiceRequest.Status is RequestStatus.Revoked or RequestStatus.EnteredInError;

    /// <summary>
    /// When the referrer says it cancelled: the Task's lastModified, else the message's timestamp, else when it
    /// was received. Recorded for the audit trail; ordering does not depend on it (cancellation is terminal).
    /// </summary>
    public static DateTimeOffset StatusTime(ReferralMessage message, DateTimeOffset receivedAt) =>
        (message.ReferralTask?.LastModifiedElement?.ToDateTimeOffset(TimeSpan.Zero))
        ?? message.Bundle.Timestamp
        ?? receivedAt;
}
