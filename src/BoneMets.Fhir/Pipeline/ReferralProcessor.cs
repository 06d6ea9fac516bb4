using BoneMets.Fhir.Logging;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Store;
using BoneMets.Fhir.Triage;
using Microsoft.Extensions.Logging;

namespace BoneMets.Fhir.Pipeline;

/// <summary>
/// Takes the next due referral from the inbox under a lease (renewed while it runs, ADR 0015), runs the pipeline and
/// commits the result with the inbox status in one transaction. A referral that fails is retried with exponential
/// backoff and jitter, then parked with its reason for an operator; it never blocks the others and is never dropped.
/// When the lease is lost (this instance stalled past it and another took the referral over) the work stops and
/// nothing is recorded: the other instance's result counts. Store failures are not caught: a broken store stops the
/// host rather than spin.
/// </summary>
public sealed class ReferralProcessor(
    IReferralInbox inbox, ReferralPipeline pipeline, Lifecycle.ReferralCompletion completion, WorkerOptions options, StoreOptions store, TimeProvider clock,
    ILogger<ReferralProcessor> logger)
{
    /// <summary>Processes one referral; returns what happened to it, or null when nothing was due.</summary>
    public async Task<ProcessedReferral?> ProcessNextAsync(CancellationToken cancellationToken)
    {
        var item = await inbox.ClaimNextAsync(clock.GetUtcNow(), cancellationToken);
        if (item is null)
        {
            return null;
        }

        var renewal = LeaseRenewal.Start(async ct => await inbox.RenewAsync(item, clock.GetUtcNow(), ct) is not null, store.RenewEvery, clock, cancellationToken);
        await using (renewal)
        {
            try
            {
                return await ProcessAsync(item, renewal.Token, cancellationToken);
            }
            catch (Exception e) when (renewal.Lost || e is StoreConflictException and not StaleRecordException)
            {
                Log.LeaseLost(logger, "inbox item", item.Sequence);
                return new ProcessedReferral(item, InboxStatus.Processing, null, null);
            }
        }
    }

    /// <param name="work">Cancelled when the host stops or the lease is lost.</param>
    private async Task<ProcessedReferral> ProcessAsync(InboxItem item, CancellationToken work, CancellationToken cancellationToken)
    {
        PipelineResult result;
        try
        {
            var referral = await pipeline.ResolveAsync(item, work);

            // A referrer's cancellation is not a referral to triage: the lifecycle records and applies it (issue 6),
            // however it came (a message, or a newer version of the referral fetched from the partner).
            if (Lifecycle.CancellationMessage.IsCancellation(referral.Message))
            {
                await completion.CancelAsync(item, referral.Message, work, referral.Resolved);
                return new ProcessedReferral(item, InboxStatus.Done, null, null);
            }

            result = await pipeline.ProcessAsync(item, referral, work);
        }
        catch (Gather.PartnerUnavailableException e)
        {
            return await DeferAsync(item, e, cancellationToken);
        }
        catch (ReferralBusyException e)
        {
            // Another copy of this referral is in a worker loop now: wait for it, without spending an attempt.
            await inbox.DeferAsync(item, $"{nameof(ReferralBusyException)}: {e.Message}", clock.GetUtcNow() + options.RetryBaseDelay, cancellationToken);
            return new ProcessedReferral(item, InboxStatus.Pending, null, null);
        }
        catch (Intake.ReferralUnusableException e)
        {
            // Trying again cannot help (the referral is gone, refused or not a referral): park now, with the reason.
            await inbox.FailAsync(item, $"{nameof(Intake.ReferralUnusableException)}: {e.Message}", null, cancellationToken);
            Log.ReferralParkedUnusable(logger, item.Sequence, e.IssueCount);
            return new ProcessedReferral(item, InboxStatus.Parked, null, null);
        }
        catch (Exception e) when (e is not StoreConflictException && (e is not OperationCanceledException || !work.IsCancellationRequested))
        {
            return await FailAsync(item, e, cancellationToken);
        }

        try
        {
            // The one commit path: the lifecycle decides what is written, from the stored record, and commits it (ADR 0015).
            await completion.CompleteAsync(item, result.ReferralKey, result.Plan, work, result.Resolved);
        }
        catch (StaleRecordException e)
        {
            // The referral's record kept changing under the commit (other instances' changes): an attempt like any other.
            pipeline.Abandoned(result);
            return await FailAsync(item, e, cancellationToken);
        }
        catch
        {
            pipeline.Abandoned(result);
            throw;
        }

        await pipeline.CommittedAsync(result, clock.GetUtcNow(), cancellationToken);
        if (result is not { Plan: { } plan, Decision: { } decision })
        {
            Log.ReferralVersionSeen(logger, item.Sequence, result.Admission!.Version.Version);
            return new ProcessedReferral(item, InboxStatus.Done, null, null);
        }

        Log.ReferralProcessed(logger, item.Sequence, decision.UrgencyCode, plan.All.Count, string.Join(",", decision.Routes.Select(r => r.Team)));
        return new ProcessedReferral(item, InboxStatus.Done, decision, plan);
    }

    /// <summary>Processes until nothing is due (the demo and tests use this; the worker loops on ProcessNextAsync).</summary>
    public async Task<IReadOnlyList<ProcessedReferral>> ProcessAvailableAsync(CancellationToken cancellationToken)
    {
        var done = new List<ProcessedReferral>();
        while (await ProcessNextAsync(cancellationToken) is { } processed)
        {
            done.Add(processed);
        }

        return done;
    }

    /// <summary>
    /// The referrer's EHR is down or pushing back: not this referral's fault, so the attempt is given back and the
    /// referral waits, visibly (pending, with the reason), until the partner is due again. Other partners'
    /// referrals keep being claimed meanwhile. No limit: a referral is never parked for a partner outage (ADR 9).
    /// </summary>
    private async Task<ProcessedReferral> DeferAsync(InboxItem item, Gather.PartnerUnavailableException error, CancellationToken cancellationToken)
    {
        var retryAt = clock.GetUtcNow() + RetryBackoff.AtLeast(options.PartnerRetryDelay, options.RetryMaxDelay, error.RetryAfter);
        await inbox.DeferAsync(item, $"{nameof(Gather.PartnerUnavailableException)}: {error.Message}", retryAt, cancellationToken);
        Log.ReferralDeferred(logger, item.Sequence, error.PartnerId, retryAt);
        return new ProcessedReferral(item, InboxStatus.Pending, null, null);
    }

    private async Task<ProcessedReferral> FailAsync(InboxItem item, Exception error, CancellationToken cancellationToken)
    {
        var reason = FailureReasons.Of(error);
        var errorType = error.GetType().Name;
        if (item.Attempts >= options.MaxAttempts)
        {
            await inbox.FailAsync(item, reason, null, cancellationToken);
            Log.ReferralParked(logger, item.Sequence, item.Attempts, errorType);
            return new ProcessedReferral(item, InboxStatus.Parked, null, null);
        }

        var retryAt = clock.GetUtcNow() + Backoff(item.Attempts);
        await inbox.FailAsync(item, reason, retryAt, cancellationToken);
        Log.ReferralFailed(logger, item.Sequence, item.Attempts, errorType, retryAt);
        return new ProcessedReferral(item, InboxStatus.Pending, null, null);
    }

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1 (<see cref="RetryBackoff"/>).</summary>
    internal TimeSpan Backoff(int attempt) => RetryBackoff.After(attempt, options.RetryBaseDelay, options.RetryMaxDelay);
}

/// <summary>
/// What became of one claimed referral: done, pending (retry or deferred), parked — or still processing, when this
/// instance lost its lease and the instance that took the referral over decides.
/// </summary>
public sealed record ProcessedReferral(InboxItem Item, InboxStatus Status, TriageDecision? Decision, WriteBack.WriteBackPlan? Plan);
