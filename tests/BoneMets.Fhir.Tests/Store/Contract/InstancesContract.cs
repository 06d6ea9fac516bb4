using BoneMets.Fhir.Store;
using static BoneMets.Fhir.Tests.Store.Inbound;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Tests.Store.Contract;

/// <summary>Several instances on one store, and restarts: nothing is reset on open, and racing copies make one item.</summary>
public abstract class InstancesContract : StoreContract
{
    [SkippableFact]
    public async Task OpenAsync_ItemLeftProcessing_StaysLeasedUntilTheLeaseRunsOut()
    {
        var accepted = (AcceptResult.Accepted)await Store.AcceptAsync(Message("b1", "h1"), CancellationToken.None);
        var held = await Store.ClaimNextAsync(T0, CancellationToken.None);
        Store.Dispose(); // the process stops mid-referral

        var restarted = await Temp.OpenAnotherAsync();

        // Nothing is reset at startup: the restarted process is another instance, and the lease may still be live.
        Assert.Single(await restarted.ListAsync(InboxStatus.Processing, CancellationToken.None));
        Assert.Null(await restarted.ClaimNextAsync(held!.Lease!.Until.AddMilliseconds(-1), CancellationToken.None));
        var again = await restarted.ClaimNextAsync(held.Lease.Until, CancellationToken.None);
        Assert.Equal((accepted.Sequence, 2, restarted.InstanceId), (again?.Sequence, again?.Attempts, again?.Lease?.Owner));
    }

    [SkippableFact]
    public async Task OpenAsync_Twice_KeepsData()
    {
        await Store.AcceptAsync(Message("b1", "h1"), CancellationToken.None);

        var reopened = await Temp.OpenAnotherAsync();

        Assert.Single(await reopened.ListAsync(InboxStatus.Pending, CancellationToken.None));
        Assert.IsType<AcceptResult.Replay>(await reopened.AcceptAsync(Message("b1", "h1"), CancellationToken.None));
    }

    // One instance serialises writes on its gate; two instances on one file rely on BEGIN IMMEDIATE and the busy timeout.
    [SkippableTheory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task AcceptAsync_TwentyConcurrentCopies_OneAcceptedNineteenReplays(int instances)
    {
        var stores = new List<IDurableStore> { Store };
        for (var i = 1; i < instances; i++)
        {
            stores.Add(await Temp.OpenAnotherAsync());
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => stores[i % instances].AcceptAsync(Message("b1", "h1"), CancellationToken.None))));

        var accepted = Assert.Single(results.OfType<AcceptResult.Accepted>());
        var replays = results.OfType<AcceptResult.Replay>().ToList();
        Assert.Equal(19, replays.Count);
        Assert.All(replays, r => Assert.Equal(accepted.Sequence, r.Sequence));
        Assert.Equal(1, await Temp.ScalarAsync("SELECT COUNT(*) FROM inbox"));
        Assert.Equal(1, await Temp.ScalarAsync("SELECT COUNT(*) FROM message_cache"));
    }

    [SkippableFact]
    public async Task AcceptAsync_ManyCopiesRacingOnThreeInstances_OneItemAndEveryCopyGetsTheWinnersResponse()
    {
        var stores = new[] { Store, await Temp.OpenAnotherAsync(), await Temp.OpenAnotherAsync() };
        // Each copy would answer with its own response (a fresh timestamp): whichever wins, every copy must get that one.
        var copies = Enumerable.Range(0, 30).Select(i => Message("b1", "h1") with { ResponseJson = $$"""{"resourceType":"Bundle","id":"response-{{i}}"}""", ContentHash = "same" }).ToList();

        var results = await Task.WhenAll(copies.Select((copy, i) => Task.Run(() => stores[i % stores.Length].AcceptAsync(copy, CancellationToken.None))));

        var winner = Assert.Single(results.OfType<AcceptResult.Accepted>());
        var winning = copies[Array.FindIndex(results, r => r is AcceptResult.Accepted)].ResponseJson;
        var replays = results.OfType<AcceptResult.Replay>().ToList();
        Assert.Equal(29, replays.Count);
        Assert.All(replays, r => Assert.Equal((winner.Sequence, winning), (r.Sequence, r.ResponseJson)));
        Assert.Equal(1, await Temp.ScalarAsync("SELECT COUNT(*) FROM inbox"));
        Assert.Equal(1, await Temp.ScalarAsync("SELECT COUNT(*) FROM message_cache"));

        var changed = await stores[2].AcceptAsync(Message("b1", "h1") with { ContentHash = "different" }, CancellationToken.None);
        Assert.Contains("different content", Assert.IsType<AcceptResult.Conflict>(changed).Reason, StringComparison.Ordinal);
        Assert.Equal(1, await Temp.ScalarAsync("SELECT COUNT(*) FROM inbox"));
    }

    [SkippableFact]
    public async Task UpsertAsync_TwoInstancesWritingAtOnce_EveryVersionGetsItsOwnIncreasingNumber()
    {
        var stores = new[] { Store, await Temp.OpenAnotherAsync() };

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            stores[i % 2].UpsertAsync([new Hl7.Fhir.Model.Patient { Id = $"p{i}" }], T0.AddSeconds(i), CancellationToken.None))));

        Assert.Equal(20, await Temp.ScalarAsync("SELECT COUNT(DISTINCT seq) FROM resources WHERE type = 'Patient'"));
        Assert.Equal(20, await Temp.ScalarAsync("SELECT COUNT(*) FROM resource_history WHERE type = 'Patient'"));
    }
}
