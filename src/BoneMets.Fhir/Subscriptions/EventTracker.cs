namespace BoneMets.Fhir.Subscriptions;

/// <summary>A range of event numbers the subscriber never received.</summary>
public sealed record EventGap(long From, long To);

/// <summary>What a notification means for the feed: the new highest event number, the gaps it revealed, and whether the numbering restarted.</summary>
public sealed record Tracked(long HighestEvent, IReadOnlyList<EventGap> Gaps, bool Reset);

/// <summary>
/// Event-number bookkeeping per subscription (Backport IG "detecting errors"): numbers above the highest seen plus
/// one reveal a gap; a count below the highest seen means the server restarted its numbering (a reset); a heartbeat
/// whose count is above the highest seen means events were sent and lost. A number at or below the highest seen is a
/// duplicate or a late arrival, fed again harmlessly (intake deduplicates). Pure.
/// </summary>
public static class EventTracker
{
    public static Tracked Track(long highestEvent, Notification notification)
    {
        if (notification.Type == NotificationType.Handshake)
        {
            return new Tracked(notification.EventsSinceStart ?? 0, [], false);
        }

        var numbers = notification.Events.Select(e => e.Number).OfType<long>().Order().ToList();
        var reset = notification.EventsSinceStart is { } since && since < highestEvent && (numbers.Count == 0 || numbers[^1] <= since);
        var highest = reset ? 0 : highestEvent;
        var gaps = new List<EventGap>();
        foreach (var number in numbers.Where(n => n > highest))
        {
            if (number > highest + 1 && !reset)
            {
                gaps.Add(new EventGap(highest + 1, number - 1));
            }

            highest = number;
        }

        if (!reset && notification.EventsSinceStart is { } count && count > highest
            && notification.Type is NotificationType.Heartbeat or NotificationType.EventNotification or NotificationType.QueryStatus)
        {
            gaps.Add(new EventGap(highest + 1, count));
            highest = count;
        }

        return new Tracked(reset ? notification.EventsSinceStart ?? 0 : highest, gaps, reset);
    }
}
