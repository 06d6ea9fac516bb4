using BoneMets.Fhir.Subscriptions;
using static BoneMets.Fhir.Tests.Subscriptions.Notifications;

namespace BoneMets.Fhir.Tests.Subscriptions;

/// <summary>The Backport IG's newer status encoding (a SubscriptionStatus resource first), read as the 1.1 Parameters form is.</summary>
public sealed class SubscriptionStatusReaderTests
{
    // An id-only event-notification as an R4B server running the Backport IG writes it (eventNumber a string in R4B, integer64 in R5).
    private const string EventNotification = """
        {
          "resourceType": "Bundle",
          "id": "9e5c2b1a-2f4d-4a8e-9b1c-7d0f3e6a5b42",
          "type": "history",
          "timestamp": "2026-12-03T10:15:00Z",
          "entry": [
            {
              "fullUrl": "urn:uuid:1f0e6a3c-58d2-4c6b-9a7e-2b3d4c5e6f70",
              "resource": {
                "resourceType": "SubscriptionStatus",
                "status": "active",
                "type": "event-notification",
                "eventsSinceSubscriptionStart": "8",
                "notificationEvent": [
                  { "eventNumber": "7", "timestamp": "2026-12-03T10:14:58Z", "focus": { "reference": "https://ehr.example.org/fhir/ServiceRequest/a/_history/2" } },
                  { "eventNumber": 8, "focus": { "reference": "ServiceRequest/b" } }
                ],
                "subscription": { "reference": "https://ehr.example.org/fhir/Subscription/sub-1" },
                "topic": "http://example.org/topic/referrals"
              },
              "request": { "method": "GET", "url": "https://ehr.example.org/fhir/Subscription/sub-1/$status" },
              "response": { "status": "200" }
            },
            {
              "fullUrl": "https://ehr.example.org/fhir/ServiceRequest/a",
              "request": { "method": "PUT", "url": "ServiceRequest/a/_history/2" },
              "response": { "status": "200" }
            }
          ]
        }
        """;

    [Fact]
    public void Read_SubscriptionStatusResourceFirst_ReadLikeTheParametersForm()
    {
        var (notification, problem) = NotificationReader.Read(EventNotification, EhrBase);

        Assert.Null(problem);
        Assert.Equal((NotificationType.EventNotification, "sub-1", "active", (long?)8), (notification!.Type, notification.SubscriptionId, notification.Status, notification.EventsSinceStart));
        Assert.Equal([(7L, $"{EhrBase}/ServiceRequest/a", "2"), (8L, $"{EhrBase}/ServiceRequest/b", null)],
            notification.Events.Select(e => (e.Number!.Value, e.FocusUrl!, e.VersionId)));
    }

    [Fact]
    public void Read_SubscriptionStatusHeartbeat_CountsEvents()
    {
        var heartbeat = EventNotification.Replace("\"event-notification\"", "\"heartbeat\"", StringComparison.Ordinal);

        var (notification, _) = NotificationReader.Read(heartbeat, EhrBase);

        Assert.Equal((NotificationType.Heartbeat, (long?)8), (notification!.Type, notification.EventsSinceStart));
    }

    [Fact]
    public void FromJson_FirstEntryNotASubscriptionStatus_Null() =>
        Assert.Null(SubscriptionStatusReader.FromJson("""{"resourceType":"Bundle","type":"history","entry":[{"resource":{"resourceType":"Basic"}}]}"""));

    [Fact]
    public void Read_HistoryBundleWithNeitherEncoding_RefusedNamingBoth()
    {
        var (notification, problem) = NotificationReader.Read("""{"resourceType":"Bundle","type":"history","entry":[{"resource":{"resourceType":"Basic","id":"x"}}]}""", EhrBase);

        Assert.Null(notification);
        Assert.Contains("SubscriptionStatus", problem, StringComparison.Ordinal);
    }
}
