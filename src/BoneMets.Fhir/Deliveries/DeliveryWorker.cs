using System.Data.Common;
using BoneMets.Fhir.Logging;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Pipeline;
using BoneMets.Fhir.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using BoneMets.Fhir.Partners;

namespace BoneMets.Fhir.Deliveries;

/// <summary>
/// The delivery loop: <see cref="WorkerOptions.DeliveryConcurrency"/> loops claim due deliveries (one referral's
/// deliveries one at a time, in order; different referrals and partners in parallel), send them, and record the
/// outcome; idle loops look again every <see cref="WorkerOptions.IdlePoll"/>. Transient failures back off with jitter (a Retry-After wins) and never park: a partner outage only
/// delays. Permanent failures park with the reason for an operator (<c>bonemets deliveries</c>). Idle when
/// nothing is queued, which is always when no partner has write-back and no sender asked for replies.
/// </summary>
public sealed class DeliveryWorker(
    IDeliveryOutbox outbox, DeliverySender sender, ServiceReadiness readiness, PartnersOptions partners,
    WorkerOptions options, StoreOptions store, TimeProvider clock, ILogger<DeliveryWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await readiness.WaitUntilReadyAsync(stoppingToken);
        await Task.WhenAll(Enumerable.Range(0, options.DeliveryConcurrency).Select(_ => Task.Run(() => LoopAsync(stoppingToken), stoppingToken)));
    }

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            if (!await DeliverNextAsync(stoppingToken))
            {
                await Task.Delay(options.IdlePoll, clock, stoppingToken);
            }
        }
    }

    /// <summary>
    /// Sends one due delivery under its lease (renewed while the partner answers); false when none was due. When the
    /// lease is lost (another instance took the delivery over), the send stops and its outcome is not recorded: the
    /// other instance sends it again, which conditional writes make harmless (ADR 0011).
    /// </summary>
    public async Task<bool> DeliverNextAsync(CancellationToken cancellationToken)
    {
        if (await outbox.ClaimNextDeliveryAsync(clock.GetUtcNow(), cancellationToken) is not { } delivery)
        {
            return false;
        }

        var renewal = LeaseRenewal.Start(async ct => await outbox.RenewDeliveryAsync(delivery, clock.GetUtcNow(), ct) is not null, store.RenewEvery, clock, cancellationToken);
        await using (renewal)
        {
            try
            {
                await DeliverAsync(delivery, renewal.Token, cancellationToken);
            }
            catch (Exception e) when (renewal.Lost || e is StoreConflictException)
            {
                Log.LeaseLost(logger, "delivery", delivery.Sequence);
            }
        }

        return true;
    }

    private async Task DeliverAsync(Delivery delivery, CancellationToken work, CancellationToken cancellationToken)
    {
        var channel = delivery.Channel.ToString();
        DeliveryOutcome outcome;
        try
        {
            outcome = await sender.SendAsync(delivery, work);
        }
        catch (Exception e) when (e is not (DbException or StoreConflictException) && (e is not OperationCanceledException || !work.IsCancellationRequested))
        {
            // The delivery itself cannot be sent (a resource without the program's identifier, a snapshot that no longer
            // reads): resending cannot help and crashing would meet it again on every start. Park it for an operator.
            // A broken store (any provider's DbException) still stops the host, as in the referral worker.
            outcome = new DeliveryOutcome.Park(Pipeline.FailureReasons.Of(e));
        }

        switch (outcome)
        {
            case DeliveryOutcome.Delivered delivered:
                await outbox.CompleteDeliveryAsync(delivery, delivered.Learnt, clock.GetUtcNow(), cancellationToken);
                Log.DeliveryDelivered(logger, delivery.Sequence, channel, delivery.PartnerId, delivered.Learnt.Count, delivery.Attempts);
                break;
            case DeliveryOutcome.Retry retry:
                var retryAt = clock.GetUtcNow() + Backoff(delivery, retry.RetryAfter);
                await outbox.FailDeliveryAsync(delivery, retry.Reason, retryAt, cancellationToken);
                Log.DeliveryRetrying(logger, delivery.Sequence, channel, delivery.PartnerId, delivery.Attempts, retry.Reason, retryAt);
                break;
            case DeliveryOutcome.Park park:
                await outbox.FailDeliveryAsync(delivery, park.Reason, null, cancellationToken);
                Log.DeliveryParked(logger, delivery.Sequence, channel, delivery.PartnerId, delivery.Attempts);
                break;
        }
    }

    /// <summary>The partner's write-back backoff (<see cref="RetryBackoff"/>); a longer Retry-After from the partner wins, still capped.</summary>
    private TimeSpan Backoff(Delivery delivery, TimeSpan? retryAfter)
    {
        var writeBack = partners.TryGetValue(delivery.PartnerId, out var partner) ? partner.WriteBack : new PartnerWriteBackOptions();
        return RetryBackoff.After(delivery.Attempts, writeBack.RetryBaseDelay, writeBack.RetryMaxDelay, retryAfter);
    }
}
