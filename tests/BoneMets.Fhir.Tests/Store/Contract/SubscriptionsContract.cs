using BoneMets.Fhir.Store;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Tests.Store.Contract;

public abstract class SubscriptionsContract : StoreContract
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    [SkippableFact]
    public async Task SaveNotification_PendingInArrivalOrderUntilDone()
    {
        var first = await Store.SaveNotificationAsync("west", "{}", Monday, None);
        var second = await Store.SaveNotificationAsync("east", "", Monday.AddSeconds(1), None);

        Assert.Equal([(first, "west", "{}"), (second, "east", "")], (await Store.PendingNotificationsAsync(10, None)).Select(n => (n.Sequence, n.PartnerId, n.Body)));

        var west = await Store.ClaimNextNotificationAsync("west", Monday.AddSeconds(2), None);
        var east = await Store.ClaimNextNotificationAsync("east", Monday.AddSeconds(2), None);
        Assert.Equal((first, second), (west?.Sequence, east?.Sequence));
        await Store.MarkNotificationDoneAsync(west!, null, Monday.AddSeconds(2), None);
        await Store.MarkNotificationDoneAsync(east!, "not a notification", Monday.AddSeconds(2), None);
        Assert.Empty(await Store.PendingNotificationsAsync(10, None));
        Assert.Null(await Store.ClaimNextNotificationAsync("west", Monday.AddSeconds(3), None));
    }

    [SkippableFact]
    public async Task ClaimNextNotification_TwoInstances_OnePartnersInOrderOneAtATime_TakenOverWhenTheLeaseRunsOut()
    {
        var mine = Store;
        var other = await Temp.OpenAnotherAsync();
        var lease = new BoneMets.Fhir.Store.StoreOptions().LeaseDuration;
        var first = await mine.SaveNotificationAsync("west", "1", Monday, None);
        var second = await mine.SaveNotificationAsync("west", "2", Monday, None);

        var held = (await mine.ClaimNextNotificationAsync("west", Monday, None))!;
        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => other.ClaimNextNotificationAsync("west", Monday, None))));

        Assert.Equal(first, held.Sequence);
        Assert.All(claims, Assert.Null); // the second waits for the first, which is leased
        var takenOver = (await other.ClaimNextNotificationAsync("west", Monday + lease, None))!;
        Assert.Equal((first, other.InstanceId), (takenOver.Sequence, takenOver.Lease!.Owner));
        await Assert.ThrowsAsync<StoreConflictException>(() => mine.MarkNotificationDoneAsync(held, null, Monday + lease, None));
        await Assert.ThrowsAsync<StoreConflictException>(() => mine.ReleaseNotificationAsync(held, None));

        await other.MarkNotificationDoneAsync(takenOver, null, Monday + lease, None);
        var next = (await mine.ClaimNextNotificationAsync("west", Monday + lease, None))!;
        Assert.Equal(second, next.Sequence);
        await mine.ReleaseNotificationAsync(next, None); // its partner was down: back for the next claim, by anyone
        Assert.Equal(second, (await other.ClaimNextNotificationAsync("west", Monday + lease, None))?.Sequence);
    }

    [SkippableFact]
    public async Task State_UnknownPartner_New_ThenRoundTripsAndSurvivesReopening()
    {
        Assert.Equal(SubscriptionState.New("west"), await Store.StateAsync("west", None));
        var state = new SubscriptionState("west", "sub-1", 42, Monday, Monday.AddHours(-1));

        await Store.SaveStateAsync(state, None);
        await Temp.OpenAnotherAsync();

        Assert.Equal(state, await Store.StateAsync("west", None));
        await Store.SaveStateAsync(state with { HighestEvent = 43, SafePoint = null }, None);
        Assert.Equal(state with { HighestEvent = 43, SafePoint = null }, await Store.StateAsync("west", None));
    }

    [SkippableFact]
    public async Task Counter_KeptPerPartnerAndSubscription_AndSurvivesReopening()
    {
        Assert.Null(await Store.CounterAsync("west", "sub-1", None));
        await Store.SaveCounterAsync(new EventCounter("west", "sub-1", 7, Monday), None);
        await Store.SaveCounterAsync(new EventCounter("west", "sub-2", 3, Monday.AddMinutes(1)), None);
        await Store.SaveCounterAsync(new EventCounter("east", "sub-1", 99, Monday), None);
        await Temp.OpenAnotherAsync();

        Assert.Equal(new EventCounter("west", "sub-1", 7, Monday), await Store.CounterAsync("west", "sub-1", None));
        Assert.Equal(new EventCounter("west", "sub-2", 3, Monday.AddMinutes(1)), await Store.CounterAsync("west", "sub-2", None));
        await Store.SaveCounterAsync(new EventCounter("west", "sub-1", 9, Monday.AddMinutes(2)), None);
        Assert.Equal(9, (await Store.CounterAsync("west", "sub-1", None))!.HighestEvent);
        Assert.Equal(99, (await Store.CounterAsync("east", "sub-1", None))!.HighestEvent);
    }

    [SkippableFact]
    public async Task ProcessedVersion_LatestKeptPerReferral()
    {
        Assert.Null(await Store.ProcessedVersionAsync("k", None));

        await Store.RecordProcessedAsync(new ProcessedVersion("k", "1", Monday), Monday, None);
        await Store.RecordProcessedAsync(new ProcessedVersion("k", "2", null), Monday, None);

        Assert.Equal(new ProcessedVersion("k", "2", null), await Store.ProcessedVersionAsync("k", None));
    }
}
