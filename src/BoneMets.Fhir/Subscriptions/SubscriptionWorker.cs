using BoneMets.Fhir.Gather;
using BoneMets.Fhir.Logging;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Pipeline;
using BoneMets.Fhir.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using BoneMets.Fhir.Partners;

namespace BoneMets.Fhir.Subscriptions;

/// <summary>
/// The referral feed from partners' servers, one loop: per partner, stored notifications first (in arrival order), then
/// the Subscription check (create, adopt, repair; a repair searches at once), the reconciliation poll when due, and
/// recovery when a Backport heartbeat is overdue (no contact for HeartbeatPeriod + HeartbeatGrace). Idle when no partner
/// has a Subscription section. A partner outage postpones that partner's work; it does not stop the others.
/// With several instances each partner's feed runs on one of them at a time: the one leading the partner's
/// "subscription-feed:{id}" loop (<see cref="ILeaderLease"/>, renewed during the round), because the feed's state (the
/// Subscription id, the safe point, the event counters) is read, moved on and written back by one round.
/// </summary>
public sealed class SubscriptionWorker(
    SubscriptionPartners partners, NotificationProcessor notifications, ReferralPoller poller, SubscriptionKeeper keeper,
    ISubscriptionStore store, ILeaderLease leader, StoreOptions leases, WorkSignal signal, ServiceReadiness readiness, TimeProvider clock,
    ILogger<SubscriptionWorker> logger)
    : BackgroundService
{
    private static readonly TimeSpan OutageDelay = TimeSpan.FromSeconds(30);
    private readonly Dictionary<string, Due> due = new(StringComparer.Ordinal);
    private readonly HashSet<string> leading = new(StringComparer.Ordinal);
    private DateTimeOffset? firstRound;

    /// <summary>The loop name a partner's feed is led under.</summary>
    public static string Loop(string partnerId) => "subscription-feed:" + partnerId;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!partners.Any)
        {
            return;
        }

        await readiness.WaitUntilReadyAsync(stoppingToken);
        var tick = partners.All().Select(p => p.Partner.Options.Subscription!.PollInterval).Append(TimeSpan.FromSeconds(1)).Min();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await RoundAsync(stoppingToken);
                await signal.WaitAsync(SignalledWork.Notifications, tick, stoppingToken);
            }
        }
        finally
        {
            foreach (var partnerId in leading)
            {
                await leader.ResignAsync(Loop(partnerId), CancellationToken.None);
            }
        }
    }

    /// <summary>One round of everything that is due, for the partners this instance leads.</summary>
    public async Task RoundAsync(CancellationToken cancellationToken)
    {
        firstRound ??= clock.GetUtcNow();
        foreach (var partner in partners.All())
        {
            var id = partner.Partner.Id;
            if (!await leader.TryLeadAsync(Loop(id), clock.GetUtcNow(), cancellationToken))
            {
                leading.Remove(id);
                due.Remove(id); // another instance feeds this partner now; if it comes back here, it starts afresh
                continue;
            }

            if (leading.Add(id))
            {
                Log.LoopLeading(logger, Loop(id), leases.InstanceId);
            }

            var renewal = LeaseRenewal.Start(ct => leader.TryLeadAsync(Loop(id), clock.GetUtcNow(), ct), leases.RenewEvery, clock, cancellationToken);
            await using (renewal)
            {
                try
                {
                    await PartnerFeedAsync(partner, renewal.Token);
                }
                catch (OperationCanceledException) when (renewal.Lost && !cancellationToken.IsCancellationRequested)
                {
                    Log.LoopLost(logger, Loop(id));
                    leading.Remove(id);
                    due.Remove(id);
                }
            }
        }
    }

    private async Task PartnerFeedAsync(PartnerFhir partner, CancellationToken cancellationToken)
    {
        await notifications.ProcessPendingAsync(partner, cancellationToken);
        var now = clock.GetUtcNow();
        var next = due.GetValueOrDefault(partner.Partner.Id) ?? new Due(DateTimeOffset.MinValue, DateTimeOffset.MinValue, DateTimeOffset.MinValue);
        try
        {
            next = await PartnerRoundAsync(partner, next, now, cancellationToken);
        }
        catch (PartnerUnavailableException e)
        {
            Log.FeedPostponed(logger, e.PartnerId, now + OutageDelay);
            next = new Due(Later(next.Check, now), Later(next.Poll, now), Later(next.Heartbeat, now));
        }

        due[partner.Partner.Id] = next;
    }

    private async Task<Due> PartnerRoundAsync(PartnerFhir partner, Due next, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var options = partner.Partner.Options.Subscription!;
        if (options.Subscribes && now >= next.Check)
        {
            var (_, repairedFrom) = await keeper.EnsureAsync(partner, cancellationToken);
            next = next with { Check = now + options.CheckInterval };
            if (repairedFrom is not null)
            {
                // The server stopped notifying while in error; the handshake that follows the repair may count what
                // it held back ($events then), but it can be lost too, and an R4 server sends none: search now.
                Log.RepairRecovery(logger, partner.Partner.Id, repairedFrom);
                await poller.PollAsync(partner, "subscription repaired", cancellationToken);
                next = next with { Poll = now + options.PollInterval };
            }
        }

        var state = await store.StateAsync(partner.Partner.Id, cancellationToken);
        // A partner that has not made contact since this process started (not even the handshake) is overdue too.
        var contact = state.LastContact ?? firstRound!.Value;
        var overdue = options.Mode == PartnerSubscriptionOptions.Backport && now >= next.Heartbeat
            && now - contact > options.HeartbeatPeriod + options.HeartbeatGrace;
        if (now >= next.Poll || overdue)
        {
            if (overdue)
            {
                Log.HeartbeatOverdue(logger, partner.Partner.Id, contact);
            }

            await poller.PollAsync(partner, overdue ? "heartbeat overdue" : "schedule", cancellationToken);
            next = next with { Poll = now + options.PollInterval, Heartbeat = overdue ? now + options.HeartbeatPeriod : next.Heartbeat };
        }

        return next;
    }

    private static DateTimeOffset Later(DateTimeOffset due, DateTimeOffset now) => due > now + OutageDelay ? due : now + OutageDelay;

    private sealed record Due(DateTimeOffset Check, DateTimeOffset Poll, DateTimeOffset Heartbeat);
}
