using BoneMets.Fhir.Subscriptions;
using Hl7.Fhir.Model;
using static BoneMets.Fhir.Tests.Subscriptions.Notifications;

namespace BoneMets.Fhir.Tests.Subscriptions;

public sealed class NotificationReaderTests
{
    [Fact]
    public void Read_EmptyBody_IsAnR4PingWithoutEvents()
    {
        var (notification, problem) = NotificationReader.Read("", EhrBase);

        Assert.Null(problem);
        Assert.Equal(NotificationType.RestHookPing, notification!.Type);
        Assert.Empty(notification.Events);
    }

    [Fact]
    public void Read_ServiceRequestPayload_IsAPingNamingItsUrlAndVersion()
    {
        var request = new ServiceRequest { Id = "sr-1", Meta = new Meta { VersionId = "3" } };

        var (notification, _) = NotificationReader.Read(Json(request), EhrBase);

        var notified = Assert.Single(notification!.Events);
        Assert.Equal(($"{EhrBase}/ServiceRequest/sr-1", "3", (long?)null), (notified.FocusUrl, notified.VersionId, notified.Number));
    }

    [Fact]
    public void Read_BackportEventNotification_ReadsNumbersFocusesAndVersions()
    {
        var bundle = Backport("event-notification", 7, (6, "ServiceRequest/a/_history/2"), (7, $"{EhrBase}/ServiceRequest/b"));

        var (notification, problem) = NotificationReader.Read(Json(bundle), EhrBase);

        Assert.Null(problem);
        Assert.Equal((NotificationType.EventNotification, "sub-1", (long?)7), (notification!.Type, notification.SubscriptionId, notification.EventsSinceStart));
        Assert.Equal(
            [(6L, $"{EhrBase}/ServiceRequest/a", "2"), (7L, $"{EhrBase}/ServiceRequest/b", null)],
            notification.Events.Select(e => (e.Number!.Value, e.FocusUrl!, e.VersionId)));
    }

    [Theory]
    [InlineData("handshake", NotificationType.Handshake)]
    [InlineData("heartbeat", NotificationType.Heartbeat)]
    [InlineData("query-event", NotificationType.QueryEvent)]
    public void Read_BackportStatusTypes_AreRecognised(string code, NotificationType expected)
    {
        var (notification, _) = NotificationReader.Read(Json(Backport(code, 0)), EhrBase);

        Assert.Equal(expected, notification!.Type);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("{\"resourceType\":\"Patient\",\"id\":\"p\"}")]
    [InlineData("{\"resourceType\":\"Bundle\",\"type\":\"history\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\"}}]}")]
    public void Read_NotANotification_SaysWhy(string body)
    {
        var (notification, problem) = NotificationReader.Read(body, EhrBase);

        Assert.Null(notification);
        Assert.False(string.IsNullOrWhiteSpace(problem));
    }

    [Fact]
    public void Read_UnknownStatusType_SaysWhy()
    {
        var (notification, problem) = NotificationReader.Read(Json(Backport("gossip", 0)), EhrBase);

        Assert.Null(notification);
        Assert.Contains("gossip", problem, StringComparison.Ordinal);
    }
}
