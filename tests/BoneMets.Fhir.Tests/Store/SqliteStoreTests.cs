using BoneMets.Fhir.Store;
using static BoneMets.Fhir.Tests.Store.Inbound;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Tests.Store;

public sealed class SqliteStoreTests : IAsyncLifetime
{
    private TempStore temp = null!;

    public async Task InitializeAsync() => temp = await TempStore.OpenAsync();

    public Task DisposeAsync()
    {
        temp.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task OpenAsync_ItemLeftProcessing_StaysLeasedUntilTheLeaseRunsOut()
    {
        var accepted = (AcceptResult.Accepted)await temp.Store.AcceptAsync(Message("b1", "h1"), CancellationToken.None);
        var held = await temp.Store.ClaimNextAsync(T0, CancellationToken.None);
        temp.Store.Dispose(); // the process stops mid-referral

        var restarted = await temp.OpenAnotherAsync();

        // Nothing is reset at startup: the restarted process is another instance, and the lease may still be live.
        Assert.Single(await restarted.ListAsync(InboxStatus.Processing, CancellationToken.None));
        Assert.Null(await restarted.ClaimNextAsync(held!.Lease!.Until.AddMilliseconds(-1), CancellationToken.None));
        var again = await restarted.ClaimNextAsync(held.Lease.Until, CancellationToken.None);
        Assert.Equal((accepted.Sequence, 2, restarted.InstanceId), (again?.Sequence, again?.Attempts, again?.Lease?.Owner));
    }

    [Fact]
    public async Task OpenAsync_Twice_KeepsData()
    {
        await temp.Store.AcceptAsync(Message("b1", "h1"), CancellationToken.None);

        var reopened = await temp.OpenAnotherAsync();

        Assert.Single(await reopened.ListAsync(InboxStatus.Pending, CancellationToken.None));
        Assert.IsType<AcceptResult.Replay>(await reopened.AcceptAsync(Message("b1", "h1"), CancellationToken.None));
    }

    // One instance serialises writes on its gate; two instances on one file rely on BEGIN IMMEDIATE and the busy timeout.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task AcceptAsync_TwentyConcurrentCopies_OneAcceptedNineteenReplays(int instances)
    {
        var stores = new List<SqliteStore> { temp.Store };
        for (var i = 1; i < instances; i++)
        {
            stores.Add(await temp.OpenAnotherAsync());
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => stores[i % instances].AcceptAsync(Message("b1", "h1"), CancellationToken.None))));

        var accepted = Assert.Single(results.OfType<AcceptResult.Accepted>());
        var replays = results.OfType<AcceptResult.Replay>().ToList();
        Assert.Equal(19, replays.Count);
        Assert.All(replays, r => Assert.Equal(accepted.Sequence, r.Sequence));
        Assert.Equal(1, temp.Scalar("SELECT COUNT(*) FROM inbox"));
        Assert.Equal(1, temp.Scalar("SELECT COUNT(*) FROM message_cache"));
    }

    [Fact]
    public async Task AcceptAsync_ManyCopiesRacingOnThreeInstances_OneItemAndEveryCopyGetsTheWinnersResponse()
    {
        var stores = new[] { temp.Store, await temp.OpenAnotherAsync(), await temp.OpenAnotherAsync() };
        // Each copy would answer with its own response (a fresh timestamp): whichever wins, every copy must get that one.
        var copies = Enumerable.Range(0, 30).Select(i => Message("b1", "h1") with { ResponseJson = $$"""{"resourceType":"Bundle","id":"response-{{i}}"}""", ContentHash = "same" }).ToList();

        var results = await Task.WhenAll(copies.Select((copy, i) => Task.Run(() => stores[i % stores.Length].AcceptAsync(copy, CancellationToken.None))));

        var winner = Assert.Single(results.OfType<AcceptResult.Accepted>());
        var winning = copies[Array.FindIndex(results, r => r is AcceptResult.Accepted)].ResponseJson;
        var replays = results.OfType<AcceptResult.Replay>().ToList();
        Assert.Equal(29, replays.Count);
        Assert.All(replays, r => Assert.Equal((winner.Sequence, winning), (r.Sequence, r.ResponseJson)));
        Assert.Equal(1, temp.Scalar("SELECT COUNT(*) FROM inbox"));
        Assert.Equal(1, temp.Scalar("SELECT COUNT(*) FROM message_cache"));

        var changed = await stores[2].AcceptAsync(Message("b1", "h1") with { ContentHash = "different" }, CancellationToken.None);
        Assert.Contains("different content", Assert.IsType<AcceptResult.Conflict>(changed).Reason, StringComparison.Ordinal);
        Assert.Equal(1, temp.Scalar("SELECT COUNT(*) FROM inbox"));
    }

    [Fact]
    public async Task UpsertAsync_TwoInstancesWritingAtOnce_EveryVersionGetsItsOwnIncreasingNumber()
    {
        var stores = new[] { temp.Store, await temp.OpenAnotherAsync() };

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            stores[i % 2].UpsertAsync([new Hl7.Fhir.Model.Patient { Id = $"p{i}" }], T0.AddSeconds(i), CancellationToken.None))));

        Assert.Equal(20, temp.Scalar("SELECT COUNT(DISTINCT seq) FROM resources WHERE type = 'Patient'"));
        Assert.Equal(temp.Scalar("SELECT MAX(seq) FROM resource_writes"), temp.Scalar("SELECT MAX(seq) FROM resources"));
    }
}
