using System.Net;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Store;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using static BoneMets.Fhir.IntegrationTests.Subscriptions.SubscriptionHost;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.Subscriptions;

/// <summary>The service subscribed to a stub EHR: keeping the Subscription, and the notification endpoint.</summary>
public sealed class SubscriptionTests : IDisposable
{
    private readonly SubscribingEhr ehr = new();

    public void Dispose() => ehr.Dispose();

    [Fact]
    public async Task Startup_NoSubscriptionOnTheServer_CreatesTheBackportSubscriptionOnce()
    {
        using var host = Start(ehr);
        await host.StartedAsync();

        Assert.Equal(1, ehr.SubscriptionCreates);
        var posted = ehr.Ehr.Server.LogEntries.Single(e => e.RequestMessage.Method == "POST" && e.RequestMessage.Path == "/fhir/Subscription");
        var asked = FhirJson.Parse<Subscription>(posted.RequestMessage.Body!);
        Assert.Equal((SubscribingEhr.Topic, "http://localhost/notifications/west"), (asked.Criteria, asked.Channel.Endpoint));
        Assert.Equal([$"X-Subscription-Secret: {Secret}"], asked.Channel.Header);
        Assert.Equal("sub-1", (await host.Services.GetRequiredService<ISubscriptionStore>().StateAsync("west", CancellationToken.None)).SubscriptionId);
        host.DeleteStore();
    }

    [Fact]
    public async Task Startup_OurSubscriptionAlreadyOnTheServer_AdoptedNotCreatedAgain()
    {
        using (var first = Start(ehr))
        {
            await first.StartedAsync();
            first.DeleteStore();
        }

        using var second = Start(ehr); // a new store: it does not know the id, so it must search before it creates
        await second.StartedAsync();

        Assert.Equal(1, ehr.SubscriptionCreates);
        Assert.Contains(ehr.Requests, r => r.StartsWith("GET /fhir/Subscription?url=http://localhost/notifications/west", StringComparison.Ordinal));
        Assert.Equal("sub-1", (await second.Services.GetRequiredService<ISubscriptionStore>().StateAsync("west", CancellationToken.None)).SubscriptionId);
        second.DeleteStore();
    }

    [Fact]
    public async Task Check_ServerTurnedTheSubscriptionError_RepairedByAskingForItAgain()
    {
        using var host = Start(ehr, checkInterval: "00:00:01");
        await host.StartedAsync();

        ehr.Break();
        await UntilAsync(() => Task.FromResult(ehr.SubscriptionRepairs > 0), "repair");

        var put = ehr.Ehr.Server.LogEntries.First(e => e.RequestMessage.Method == "PUT");
        Assert.Equal("/fhir/Subscription/sub-1", put.RequestMessage.Path);
        Assert.Equal(Subscription.SubscriptionStatus.Requested, FhirJson.Parse<Subscription>(put.RequestMessage.Body!).Status);
        Assert.Equal(1, ehr.SubscriptionCreates);
        host.DeleteStore();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("west-secret-0123456780")]
    public async Task Notification_WithoutTheSecret_401WithOperationOutcomeAndNothingStored(string? secret)
    {
        using var host = Start(ehr);
        await host.StartedAsync();

        using var response = await host.NotifyAsync(FhirJson.Serialize(ehr.Heartbeat()), secret);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var outcome = Assert.IsType<OperationOutcome>(await BoneMetsHost.ReadFhirAsync(response));
        Assert.Equal(OperationOutcome.IssueType.Security, outcome.Issue.Single().Code);
        Assert.Empty(await host.Services.GetRequiredService<ISubscriptionStore>().PendingNotificationsAsync(10, CancellationToken.None));
        host.DeleteStore();
    }

    [Theory]
    [InlineData("{ \"resourceType\": ")]
    [InlineData("{\"resourceType\":\"Patient\",\"id\":\"p\"}")]
    public async Task Notification_NotANotification_400WithOperationOutcome(string body)
    {
        using var host = Start(ehr);
        await host.StartedAsync();

        using var response = await host.NotifyAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.IsType<OperationOutcome>(await BoneMetsHost.ReadFhirAsync(response));
        host.DeleteStore();
    }

    [Fact]
    public async Task Notification_UnknownPartner_404()
    {
        using var host = Start(ehr);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/notifications/nobody") { Content = new StringContent("") };

        using var response = await host.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        host.DeleteStore();
    }

    [Fact]
    public async Task HandshakeThenHeartbeat_HeartbeatCountsEventsNeverDelivered_RecoveredByEvents()
    {
        using var host = Start(ehr);
        await host.StartedAsync();
        var handshake = ehr.Heartbeat();
        ((Parameters)handshake.Entry[0].Resource).Parameter.Single(p => p.Name == "type").Value = new Code("handshake");
        using (var answer = await host.NotifyAsync(handshake))
        {
            Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        }

        ehr.AddReferral();
        ehr.AddReferral(); // events 1 and 2: never delivered

        using (var answer = await host.NotifyAsync(ehr.Heartbeat()))
        {
            Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        }

        await host.QuietAsync();
        Assert.Contains(ehr.Requests, r => r == "GET /fhir/Subscription/sub-1/$events?eventsSinceNumber=1&eventsUntilNumber=2&content=id-only");
        Assert.Equal(1, await host.ProcessingsAsync(TaskId("WCH-R-9001")));
        Assert.Equal(1, await host.ProcessingsAsync(TaskId("WCH-R-9002")));
        Assert.Equal(2, (await host.Services.GetRequiredService<ISubscriptionStore>().CounterAsync("west", "sub-1", CancellationToken.None))!.HighestEvent);
        host.DeleteStore();
    }

    [Fact]
    public async Task Notification_NamingAReferralOnAnotherServer_StoredButNothingFetchedOrAccepted()
    {
        using var host = Start(ehr);
        await host.StartedAsync();
        ehr.AddReferral();
        var notification = ehr.Events[0].Notification;
        var focus = ((Parameters)notification.Entry[0].Resource).Parameter.Single(p => p.Name == "notification-event").Part.Single(p => p.Name == "focus");
        focus.Value = new ResourceReference("https://elsewhere.example.org/fhir/ServiceRequest/sr-1/_history/1");

        using (var answer = await host.NotifyAsync(notification))
        {
            Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        }

        await host.QuietAsync();
        Assert.Empty(await host.Services.GetRequiredService<IReferralInbox>().ListAsync(InboxStatus.Done, CancellationToken.None));
        Assert.DoesNotContain(ehr.Requests, r => r.Contains("sr-1", StringComparison.Ordinal));
        host.DeleteStore();
    }
}
