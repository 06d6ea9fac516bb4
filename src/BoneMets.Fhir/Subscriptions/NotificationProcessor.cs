using System.Collections.Concurrent;
using BoneMets.Fhir.Gather;
using BoneMets.Fhir.Logging;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Pipeline;
using BoneMets.Fhir.Store;
using Microsoft.Extensions.Logging;

namespace BoneMets.Fhir.Subscriptions;

/// <summary>
/// Works through stored notifications, each partner's in arrival order, each claimed under a lease (ADR 0015) so no two
/// instances take the same one or two of one partner's at once: tracks event numbers, feeds each notified referral into
/// intake, and recovers what was missed — $events for the missing range where the server supports it, else the
/// search since the safe point. A partner outage puts the notification back for the next round.
/// </summary>
public sealed class NotificationProcessor(
    ISubscriptionStore store, ReferralFeed feed, ReferralPoller poller, SubscriptionPartners partners, StoreOptions leases, TimeProvider clock,
    ILogger<NotificationProcessor> logger)
{
    // Partners whose server answered $events with "not supported"; they recover by search from then on.
    private readonly ConcurrentDictionary<string, bool> noEvents = new(StringComparer.Ordinal);

    /// <summary>Processes what is pending for every partner; returns how many notifications were done.</summary>
    public async Task<int> ProcessPendingAsync(CancellationToken cancellationToken)
    {
        var done = 0;
        foreach (var partner in partners.All())
        {
            done += await ProcessPendingAsync(partner, cancellationToken);
        }

        return done;
    }

    /// <summary>Processes the partner's pending notifications, one claim at a time; stops at its first outage.</summary>
    public async Task<int> ProcessPendingAsync(PartnerFhir partner, CancellationToken cancellationToken)
    {
        var done = 0;
        while (await store.ClaimNextNotificationAsync(partner.Partner.Id, clock.GetUtcNow(), cancellationToken) is { } stored)
        {
            var renewal = LeaseRenewal.Start(async ct => await store.RenewNotificationAsync(stored, clock.GetUtcNow(), ct) is not null,
                leases.RenewEvery, clock, cancellationToken);
            await using (renewal)
            {
                try
                {
                    await ProcessAsync(stored, partner, renewal.Token);
                }
                catch (PartnerUnavailableException e)
                {
                    await store.ReleaseNotificationAsync(stored, cancellationToken);
                    Log.NotificationDeferred(logger, stored.Sequence, e.PartnerId);
                    return done;
                }
                catch (Exception e) when (renewal.Lost || e is StoreConflictException)
                {
                    Log.LeaseLost(logger, "notification", stored.Sequence);
                    return done;
                }
            }

            done++;
        }

        return done;
    }

    private async Task ProcessAsync(StoredNotification stored, PartnerFhir partner, CancellationToken cancellationToken)
    {
        var (notification, problem) = NotificationReader.Read(stored.Body, partner.Partner.Options.Server);
        if (notification is null)
        {
            await store.MarkNotificationDoneAsync(stored, problem, clock.GetUtcNow(), cancellationToken);
            return;
        }

        var options = partner.Partner.Options.Subscription!;
        var state = await store.StateAsync(partner.Partner.Id, cancellationToken);
        var subscriptionId = notification.SubscriptionId ?? (notification.EventsSinceStart is null ? null : state.SubscriptionId);
        var counter = subscriptionId is null ? null : await store.CounterAsync(partner.Partner.Id, subscriptionId, cancellationToken);
        var now = clock.GetUtcNow();
        var before = counter?.HighestEvent ?? 0;
        var tracked = EventTracker.Track(before, notification, counter is not null, now - counter?.AdvancedAt, options.ReorderWindow);
        Log.NotificationRead(logger, stored.Sequence, partner.Partner.Id, notification.Type.ToString(), notification.Events.Count, tracked.HighestEvent);

        foreach (var notified in notification.Events.Where(e => e.FocusUrl is not null))
        {
            await feed.OfferAsync(partner, notified.FocusUrl!, notified.VersionId, notified.Resource, cancellationToken);
        }

        if (tracked.Late)
        {
            Log.EventsLate(logger, partner.Partner.Id, notification.EventsSinceStart ?? 0, before);
        }
        else if (tracked.Reset)
        {
            Log.EventsReset(logger, partner.Partner.Id, before, tracked.HighestEvent);
            await poller.PollAsync(partner, "event numbering reset", cancellationToken);
        }
        else if (tracked.Gaps.Count > 0)
        {
            await RecoverAsync(partner, subscriptionId, tracked.Gaps, cancellationToken);
        }
        else if (notification.Type == NotificationType.RestHookPing && notification.Events.Count == 0)
        {
            // An R4 ping without payload says only "something changed": find out what by searching.
            await poller.PollAsync(partner, "empty ping", cancellationToken);
        }

        // Only now, with everything fed and recovered: an outage part-way leaves the notification pending and the
        // counter as it was, so the retry finds the same gaps. Read again: a recovery poll moved the safe point.
        if (subscriptionId is not null && (counter is null || tracked.HighestEvent != before))
        {
            await store.SaveCounterAsync(new EventCounter(partner.Partner.Id, subscriptionId, tracked.HighestEvent,
                tracked.Advanced(before) || counter is null ? now : counter.AdvancedAt), cancellationToken);
        }

        var after = await store.StateAsync(partner.Partner.Id, cancellationToken);
        await store.SaveStateAsync(after with
        {
            LastContact = now,
            SubscriptionId = after.SubscriptionId ?? notification.SubscriptionId,
        }, cancellationToken);
        await store.MarkNotificationDoneAsync(stored, null, clock.GetUtcNow(), cancellationToken);
    }

    /// <summary>Fetches the missed events by $events when the server does it, else searches since the safe point.</summary>
    internal async Task RecoverAsync(PartnerFhir partner, string? subscriptionId, IReadOnlyList<EventGap> gaps, CancellationToken cancellationToken)
    {
        Log.EventsMissed(logger, partner.Partner.Id, gaps.Count, gaps.Sum(g => g.To - g.From + 1));
        if (subscriptionId is null || noEvents.ContainsKey(partner.Partner.Id))
        {
            await poller.PollAsync(partner, "events missed", cancellationToken);
            return;
        }

        foreach (var gap in gaps)
        {
            var answer = await partner.GetAsync(
                $"Subscription/{subscriptionId}/$events?eventsSinceNumber={gap.From}&eventsUntilNumber={gap.To}&content=id-only", cancellationToken);
            // Read from the body as sent, so an answer in the Backport's newer encoding (a SubscriptionStatus resource) is read too.
            var (events, _) = answer is { Status: >= 200 and < 300, Body: { } body } && !string.IsNullOrWhiteSpace(body)
                ? NotificationReader.Read(body, partner.Partner.Options.Server)
                : (null, null);
            if (events?.Type == NotificationType.RestHookPing)
            {
                events = null; // a resource that is not a notification Bundle: not an $events answer
            }

            if (events is null)
            {
                if (answer.Status is 400 or 404 or 405 or 501)
                {
                    noEvents.TryAdd(partner.Partner.Id, true);
                }

                Log.EventsUnsupported(logger, partner.Partner.Id, answer.Status);
                await poller.PollAsync(partner, "events missed; $events unavailable", cancellationToken);
                return;
            }

            foreach (var recovered in events.Events.Where(e => e.FocusUrl is not null))
            {
                await feed.OfferAsync(partner, recovered.FocusUrl!, recovered.VersionId, recovered.Resource, cancellationToken);
            }

            Log.EventsRecovered(logger, partner.Partner.Id, gap.From, gap.To, events.Events.Count);
        }
    }
}
