namespace BoneMets.Fhir.Subscriptions;

/// <summary>A range of event numbers the subscriber never received.</summary>
public sealed record EventGap(long From, long To);

/// <summary>
/// What a notification means for its Subscription's event counter: the new highest event number, the gaps it
/// revealed, whether the numbering restarted, and whether it was a late copy of earlier events.
/// </summary>
public sealed record Tracked(long HighestEvent, IReadOnlyList<EventGap> Gaps, bool Reset, bool Late = false)
{
    public bool Advanced(long before) => HighestEvent > before;
}

/// <summary>
/// Event-number bookkeeping for one Subscription (Backport IG "detecting errors"). Every count that shows a gap
/// starts recovery: numbers above highest + 1, and an <c>events-since-subscription-start</c> above the highest in a
/// heartbeat, an event-notification, a query-status or a handshake (after a repair the server reports what it
/// counted while in error). A count below the highest within the reorder window of the last advance is a late copy
/// of earlier events (servers retry without order): fed again harmlessly, the mark stays. Below the highest after
/// the window, the server restarted its numbering (a reset): the mark follows it and recovery searches. A
/// Subscription with no counter yet starts from its handshake's count. Pure.
/// </summary>
public static class EventTracker
{
    /// <param name="highestEvent">The counter's highest event, 0 when the Subscription has none yet.</param>
    /// <param name="known">Whether the counter existed (a handshake of an unknown Subscription is adopted, not a gap).</param>
    /// <param name="sinceAdvance">How long ago the counter last moved up; within the reorder window a lower count is a late copy.</param>
    public static Tracked Track(long highestEvent, Notification notification, bool known = true, TimeSpan? sinceAdvance = null, TimeSpan? reorderWindow = null)
    {
        var window = reorderWindow ?? TimeSpan.Zero;
        var numbers = notification.Events.Select(e => e.Number).OfType<long>().Order().ToList();
        var lower = notification.EventsSinceStart is { } since && since < highestEvent && (numbers.Count == 0 || numbers[^1] <= since);
        if (lower && sinceAdvance is { } ago && ago <= window)
        {
            return new Tracked(highestEvent, [], false, Late: true);
        }

        if (lower)
        {
            return new Tracked(notification.EventsSinceStart!.Value, [], true);
        }

        if (notification.Type == NotificationType.Handshake && !known)
        {
            return new Tracked(notification.EventsSinceStart ?? 0, [], false);
        }

        var highest = highestEvent;
        var gaps = new List<EventGap>();
        foreach (var number in numbers.Where(n => n > highest))
        {
            if (number > highest + 1)
            {
                gaps.Add(new EventGap(highest + 1, number - 1));
            }

            highest = number;
        }

        if (notification.EventsSinceStart is { } count && count > highest && notification.Type is not (NotificationType.QueryEvent or NotificationType.RestHookPing))
        {
            gaps.Add(new EventGap(highest + 1, count));
            highest = count;
        }

        return new Tracked(highest, gaps, false);
    }
}
