using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Logging;
using BoneMets.Fhir.Store;
using BoneMets.Fhir.WriteBack;
using Microsoft.Extensions.Logging;

namespace BoneMets.Fhir.Lifecycle;

/// <summary>
/// Where the lifecycle meets the inbox: every commit of a referral's processing goes through here. A referrer's
/// cancellation message is recorded (first one stands) and applied to whatever the referral has become; a referral's
/// first write-back is decided by <see cref="ReferralCommit.Decide"/> from the stored record and any recorded
/// cancellation, and committed with the Task's version as read (ADR 0015): when another commit about the referral landed
/// in between (another instance booked or cancelled it), the store refuses, and the record is read and the decision
/// made again. So a cancellation that arrives before the referral is processed, or while it is being processed, still
/// ends in 6.0 — and a replay never moves a booked or cancelled referral back to 3.0. The referral lock only keeps this
/// instance's own commits from colliding (fewer rounds); correctness across instances is the version check's.
/// </summary>
public sealed class ReferralCompletion(
    IReferralInbox inbox, ILifecycleStore lifecycle, IReferralChanges changes, ReferralRecords records, ReferralLocks locks,
    TimeProvider clock, ILogger<ReferralCompletion> logger)
{
    public const string CancelledReason = "cancelled";

    /// <summary>Rounds of read, decide, commit before a referral whose record keeps changing is left to the worker's retry.</summary>
    private const int Rounds = 3;

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
        return await UntilCurrentAsync(async () =>
        {
            if (await lifecycle.CancelledAtAsync(referralKey, cancellationToken) is not { } at)
            {
                return 0;
            }

            var decision = ReferralCommit.Cancel(await records.ReadAsync(referralKey, cancellationToken), at);
            if (decision.Write.Count > 0)
            {
                await changes.CommitChangeAsync(new ReferralChange(referralKey, CancelledReason, decision.Write) { Expected = decision.Expected },
                    clock.GetUtcNow(), cancellationToken);
            }

            return decision.Write.Count;
        });
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
        await UntilCurrentAsync(async () =>
        {
            var state = new ReferralState(referralKey, plan, await records.ReadAsync(referralKey, cancellationToken),
                await lifecycle.CancelledAtAsync(referralKey, cancellationToken));
            var decision = ReferralCommit.Decide(state);
            if (decision.Cancelled)
            {
                Log.ProcessedCancelled(logger, item.Sequence);
            }

            await inbox.CompleteAsync(item, decision.Write, clock.GetUtcNow(), cancellationToken, resolved, decision.Expected);
            return 0;
        });
    }

    /// <summary>Reads, decides and commits again while the commit finds the record changed since it was read.</summary>
    private static async Task<int> UntilCurrentAsync(Func<Task<int>> commit)
    {
        for (var round = 1; ; round++)
        {
            try
            {
                return await commit();
            }
            catch (StaleRecordException) when (round < Rounds)
            {
                // another commit about this referral landed between the read and ours: decide again from what it wrote
            }
        }
    }
}
