using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Logging;
using BoneMets.Fhir.Store;
using BoneMets.Fhir.WriteBack;
using Microsoft.Extensions.Logging;

namespace BoneMets.Fhir.Lifecycle;

/// <summary>
/// Where the lifecycle meets the inbox. A referrer's cancellation message is recorded (first one stands) and
/// applied to whatever the referral has become; a referral's first write-back is committed under the same
/// referral lock, after the stored record and any recorded cancellation are applied to the plan. So a
/// cancellation that arrives before the referral is processed, or while it is being processed, still ends in
/// 6.0 — and a replay never moves a booked or cancelled referral back to 3.0.
/// </summary>
public sealed class ReferralCompletion(
    IReferralInbox inbox, ILifecycleStore lifecycle, IReferralChanges changes, ReferralRecords records, ReferralLocks locks,
    TimeProvider clock, ILogger<ReferralCompletion> logger)
{
    public const string CancelledReason = "cancelled";

    /// <summary>Handles the item when it is a cancellation (and completes it); false when it is not one.</summary>
    public async Task<bool> TryCancelAsync(InboxItem item, CancellationToken cancellationToken)
    {
        if (Read(item) is not { } message || !CancellationMessage.IsCancellation(message))
        {
            return false;
        }

        var isNew = await lifecycle.RecordCancellationAsync(
            item.ReferralKey, item.ReceivedAt, CancellationMessage.StatusTime(message, item.ReceivedAt), cancellationToken);
        var written = await ApplyCancellationAsync(item.ReferralKey, cancellationToken);
        // The cancellation's own resources (the placer's cancelled Task and revoked ServiceRequest) are not stored:
        // the program's Task, which keeps the placer's id, says it instead.
        await inbox.CompleteAsync(item, [], clock.GetUtcNow(), cancellationToken);
        Log.CancellationReceived(logger, item.Sequence, isNew, written);
        return true;
    }

    /// <summary>The item's message, or null when it no longer reads as one (the pipeline then fails it with the reason).</summary>
    private static ReferralMessage? Read(InboxItem item) =>
        FhirJson.TryParse(item.MessageJson) is { Succeeded: true, Resource: { } resource } ? ReferralMessageReader.Read(resource).Message : null;

    /// <summary>Applies a recorded cancellation to the stored record; returns how many resources changed.</summary>
    public async Task<int> ApplyCancellationAsync(string referralKey, CancellationToken cancellationToken)
    {
        using var held = await locks.AcquireAsync(referralKey, cancellationToken);
        if (await lifecycle.CancelledAtAsync(referralKey, cancellationToken) is not { } at)
        {
            return 0;
        }

        var changed = LifecycleTransitions.Cancel(await records.ReadAsync(referralKey, cancellationToken), at);
        if (changed.Count > 0)
        {
            await changes.CommitChangeAsync(new ReferralChange(referralKey, CancelledReason, changed), clock.GetUtcNow(), cancellationToken);
        }

        return changed.Count;
    }

    /// <summary>Commits a referral's first processing, with what the lifecycle already knows about it applied.</summary>
    public async Task CompleteAsync(InboxItem item, WriteBackPlan plan, CancellationToken cancellationToken)
    {
        using var held = await locks.AcquireAsync(item.ReferralKey, cancellationToken);
        var stored = await records.ReadAsync(item.ReferralKey, cancellationToken);
        var planned = LifecycleTransitions.KeepProgress(plan.All, stored);
        if (await lifecycle.CancelledAtAsync(item.ReferralKey, cancellationToken) is { } at)
        {
            var changed = LifecycleTransitions.Cancel(ReferralRecord.From(item.ReferralKey, planned, plan.Task.Id!), at);
            planned = ReferralRecord.Replace(planned, changed);
            Log.ProcessedCancelled(logger, item.Sequence);
        }

        await inbox.CompleteAsync(item, planned, clock.GetUtcNow(), cancellationToken);
    }
}
