using System.Net;
using BoneMets.Fhir.Store;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using static BoneMets.Fhir.IntegrationTests.Subscriptions.SubscriptionHost;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.Subscriptions;

/// <summary>
/// Issue 20: every signal of a gap starts recovery at once (a handshake after a repair counting what the server
/// held back), and neither a late copy nor a second Subscription on the same endpoint is read as a reset.
/// </summary>
public sealed class RecoveryTests : IDisposable
{
    private readonly SubscribingEhr ehr = new();

    public void Dispose() => ehr.Dispose();

    private Bundle Handshake()
    {
        var handshake = ehr.Heartbeat();
        ((Parameters)handshake.Entry[0].Resource).Parameter.Single(p => p.Name == "type").Value = new Code("handshake");
        return handshake;
    }

    private async Task NotifyAsync(BoneMetsHost host, Bundle notification)
    {
        using var answer = await host.NotifyAsync(notification);
        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
    }

    private int Polls => ehr.Requests.Count(r => r.StartsWith("GET /fhir/ServiceRequest?_lastUpdated=", StringComparison.Ordinal));

    private static Task<EventCounter?> CounterAsync(BoneMetsHost host, string subscriptionId) =>
        host.Services.GetRequiredService<ISubscriptionStore>().CounterAsync("west", subscriptionId, CancellationToken.None);

    [Fact]
    public async Task RepairedSubscription_HandshakeCountsEventsHeldBackWhileInError_FetchedAtOnceByEvents()
    {
        using var host = Start(ehr, checkInterval: "00:00:01");
        await host.StartedAsync();
        await NotifyAsync(host, Handshake());
        ehr.AddReferral();
        await NotifyAsync(host, ehr.Events[0].Notification);
        await host.QuietAsync();

        ehr.Break();
        ehr.AddReferral();
        ehr.AddReferral();
        ehr.AddReferral(); // events 2–4: counted while in error, never sent
        await UntilAsync(() => Task.FromResult(ehr.SubscriptionRepairs == 1), "the Subscription repaired");
        await NotifyAsync(host, Handshake());
        await host.QuietAsync();

        Assert.Contains("GET /fhir/Subscription/sub-1/$events?eventsSinceNumber=2&eventsUntilNumber=4&content=id-only", ehr.Requests);
        for (var i = 1; i <= 4; i++)
        {
            Assert.Equal(1, await host.ProcessingsAsync(TaskId($"WCH-R-{9000 + i}")));
        }

        Assert.Equal(4, (await CounterAsync(host, "sub-1"))!.HighestEvent);
        host.DeleteStore();
    }

    [Fact]
    public async Task LateCopyOfAnEarlierEvent_WithinTheReorderWindow_NoResetAndTheMarkStays()
    {
        using var host = Start(ehr);
        await host.StartedAsync();
        for (var i = 0; i < 5; i++)
        {
            ehr.AddReferral();
        }

        foreach (var (_, notification) in ehr.Events)
        {
            await NotifyAsync(host, notification);
        }

        await host.QuietAsync();
        var polls = Polls;

        await NotifyAsync(host, ehr.Events[1].Notification); // event 2 again, late
        await host.QuietAsync();

        Assert.Equal(polls, Polls);
        Assert.Equal(5, (await CounterAsync(host, "sub-1"))!.HighestEvent);
        Assert.Equal(1, await host.ProcessingsAsync(TaskId("WCH-R-9002")));
        host.DeleteStore();
    }

    [Fact]
    public async Task TwoSubscriptionsOnOneEndpoint_CountedApart_NoFalseReset()
    {
        using var host = Start(ehr);
        await host.StartedAsync();
        for (var i = 0; i < 3; i++)
        {
            ehr.AddReferral();
        }

        // A second Subscription (another system's, or one left from an earlier install) on the same endpoint: its own numbering.
        Bundle Other(int n)
        {
            var copy = (Bundle)ehr.Events[n].Notification.DeepCopy();
            ((Parameters)copy.Entry[0].Resource).Parameter.Single(p => p.Name == "subscription").Value = new ResourceReference($"{ehr.BaseUrl}/Subscription/sub-other");
            return copy;
        }

        foreach (var notification in new[] { ehr.Events[0].Notification, ehr.Events[1].Notification, ehr.Events[2].Notification, Other(0), Other(1) })
        {
            await NotifyAsync(host, notification);
            await host.QuietAsync();
        }

        Assert.Equal(1, Polls); // the first poll only: sub-other's 1 and 2 after sub-1's 3 are no reset
        Assert.Equal(3, (await CounterAsync(host, "sub-1"))!.HighestEvent);
        Assert.Equal(2, (await CounterAsync(host, "sub-other"))!.HighestEvent);
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(1, await host.ProcessingsAsync(TaskId($"WCH-R-{9000 + i}")));
        }

        Assert.DoesNotContain(ehr.Requests, r => r.Contains("/$events?", StringComparison.Ordinal));
        host.DeleteStore();
    }
}
