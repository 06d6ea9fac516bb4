using BoneMets.Fhir.Subscriptions;

namespace BoneMets.Fhir.Tests.Subscriptions;

public sealed class EventTrackerTests
{
    private static Notification Events(long since, params long[] numbers) =>
        new(NotificationType.EventNotification, "sub-1", "active", since, [.. numbers.Select(n => new NotificationEvent(n, $"https://e/ServiceRequest/{n}", null, null))]);

    private static Notification Heartbeat(long since) => new(NotificationType.Heartbeat, "sub-1", "active", since, []);

    [Fact]
    public void Track_NextNumber_NoGap()
    {
        var tracked = EventTracker.Track(4, Events(5, 5));

        Assert.Equal((5L, 0, false), (tracked.HighestEvent, tracked.Gaps.Count, tracked.Reset));
    }

    [Fact]
    public void Track_NumberSkipsAhead_GapOfTheMissingRange()
    {
        var tracked = EventTracker.Track(4, Events(8, 8));

        Assert.Equal([new EventGap(5, 7)], tracked.Gaps);
        Assert.Equal(8, tracked.HighestEvent);
    }

    [Fact]
    public void Track_DuplicateOrLateNumber_NoGapAndHighestKept()
    {
        var tracked = EventTracker.Track(9, Events(9, 6));

        Assert.Equal((9L, 0, false), (tracked.HighestEvent, tracked.Gaps.Count, tracked.Reset));
    }

    [Fact]
    public void Track_HeartbeatCountsMoreThanSeen_GapUpToTheCount()
    {
        var tracked = EventTracker.Track(3, Heartbeat(6));

        Assert.Equal([new EventGap(4, 6)], tracked.Gaps);
        Assert.Equal(6, tracked.HighestEvent);
    }

    [Fact]
    public void Track_HeartbeatCountsWhatWasSeen_NoGap()
    {
        Assert.Empty(EventTracker.Track(6, Heartbeat(6)).Gaps);
    }

    [Fact]
    public void Track_CountBelowHighestAfterTheReorderWindow_ResetWithoutGaps()
    {
        var tracked = EventTracker.Track(40, Events(2, 2), sinceAdvance: TimeSpan.FromMinutes(3), reorderWindow: TimeSpan.FromMinutes(2));

        Assert.Equal((2L, 0, true, false), (tracked.HighestEvent, tracked.Gaps.Count, tracked.Reset, tracked.Late));
    }

    [Fact]
    public void Track_LateCopyWithinTheReorderWindow_NeitherResetNorMarkMovedBack()
    {
        var tracked = EventTracker.Track(40, Events(38, 38), sinceAdvance: TimeSpan.FromSeconds(20), reorderWindow: TimeSpan.FromMinutes(2));

        Assert.Equal((40L, 0, false, true), (tracked.HighestEvent, tracked.Gaps.Count, tracked.Reset, tracked.Late));
    }

    [Fact]
    public void Track_LateHeartbeatWithinTheReorderWindow_NotAReset()
    {
        var tracked = EventTracker.Track(40, Heartbeat(37), sinceAdvance: TimeSpan.FromMinutes(2), reorderWindow: TimeSpan.FromMinutes(2));

        Assert.Equal((40L, false, true), (tracked.HighestEvent, tracked.Reset, tracked.Late));
    }

    [Fact]
    public void Track_HandshakeOfANewSubscription_StartsFromItsCount()
    {
        var tracked = EventTracker.Track(0, new Notification(NotificationType.Handshake, "sub-2", "requested", 7, []), known: false);

        Assert.Equal((7L, 0, false), (tracked.HighestEvent, tracked.Gaps.Count, tracked.Reset));
    }

    [Fact]
    public void Track_HandshakeAfterRepairCountingBeyondTheMark_TheEventsCountedWhileInErrorAreAGap()
    {
        var tracked = EventTracker.Track(12, new Notification(NotificationType.Handshake, "sub-1", "requested", 15, []), known: true, sinceAdvance: TimeSpan.FromHours(1));

        Assert.Equal(15, tracked.HighestEvent);
        Assert.Equal([new EventGap(13, 15)], tracked.Gaps);
        Assert.False(tracked.Reset);
    }

    [Fact]
    public void Track_EventsOfAQueryEvent_FillTheMarkWithoutAGapForTheCount()
    {
        var tracked = EventTracker.Track(2, new Notification(NotificationType.QueryEvent, "sub-1", "active", 9, [new NotificationEvent(3, "https://e/ServiceRequest/3", null, null)]));

        Assert.Equal((3L, 0), (tracked.HighestEvent, tracked.Gaps.Count));
    }

    [Fact]
    public void Track_RestHookPingWithoutNumbers_ChangesNothing()
    {
        var tracked = EventTracker.Track(5, new Notification(NotificationType.RestHookPing, null, null, null, []));

        Assert.Equal((5L, 0, false), (tracked.HighestEvent, tracked.Gaps.Count, tracked.Reset));
    }
}
