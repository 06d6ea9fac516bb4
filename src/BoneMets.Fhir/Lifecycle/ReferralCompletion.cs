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

    /// <summary>Records and applies a referrer's cancellation (see <see cref="CancellationMessage"/>) and completes its item.</summary>
    public async Task CancelAsync(InboxItem item, ReferralMessage message, CancellationToken cancellationToken, ResolvedRoute? resolved = null)
    {
        var key = message.ReferralKey;
        var isNew = await lifecycle.RecordCancellationAsync(key, item.ReceivedAt, CancellationMessage.StatusTime(message, item.ReceivedAt), cancellationToken);
        var written = await ApplyCancellationAsync(key, cancellationToken);
        // The cancellation's own resources (the placer's cancelled Task and revoked ServiceRequest) are not stored:
        // the program's Task, which keeps the placer's id, says it instead.
        await inbox.CompleteAsync(item, [], clock.GetUtcNow(), cancellationToken, resolved);
        Log.CancellationReceived(logger, item.Sequence, isNew, written);
    }

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

    /// <summary>
    /// Commits a referral's processing, with what the lifecycle already knows about it applied; a plan of null (this
    /// version was processed before) completes the item with nothing written. The key is the resolved referral's.
    /// </summary>
    public async Task CompleteAsync(InboxItem item, string referralKey, WriteBackPlan? plan, CancellationToken cancellationToken, ResolvedRoute? resolved = null)
    {
        if (plan is null)
        {
            await inbox.CompleteAsync(item, [], clock.GetUtcNow(), cancellationToken, resolved);
            return;
        }

        using var held = await locks.AcquireAsync(referralKey, cancellationToken);
        var stored = await records.ReadAsync(referralKey, cancellationToken);
        var planned = LifecycleTransitions.KeepProgress(plan.All, stored);
        if (await lifecycle.CancelledAtAsync(referralKey, cancellationToken) is { } at)
        {
            var changed = LifecycleTransitions.Cancel(ReferralRecord.From(referralKey, planned, plan.Task.Id!), at);
            planned = ReferralRecord.Replace(planned, changed);
            Log.ProcessedCancelled(logger, item.Sequence);
        }

        await inbox.CompleteAsync(item, planned, clock.GetUtcNow(), cancellationToken, resolved);
    }
}
