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
    public async Task OpenAsync_ItemLeftProcessing_ReturnedToPending()
    {
        var accepted = (AcceptResult.Accepted)await temp.Store.AcceptAsync(Message("b1", "h1"), CancellationToken.None);
        Assert.NotNull(await temp.Store.ClaimNextAsync(T0, CancellationToken.None));
        temp.Store.Dispose(); // the process stops mid-referral

        var restarted = await temp.OpenAnotherAsync();

        Assert.Empty(await restarted.ListAsync(InboxStatus.Processing, CancellationToken.None));
        Assert.Equal(accepted.Sequence, Assert.Single(await restarted.ListAsync(InboxStatus.Pending, CancellationToken.None)).Sequence);
        var again = await restarted.ClaimNextAsync(T0, CancellationToken.None);
        Assert.Equal((accepted.Sequence, 2), (again?.Sequence, again?.Attempts));
    }

    [Fact]
    public async Task OpenAsync_WithoutReleasingInterrupted_LeavesProcessingAlone()
    {
        await temp.Store.AcceptAsync(Message("b1", "h1"), CancellationToken.None);
        await temp.Store.ClaimNextAsync(T0, CancellationToken.None);

        var operatorTool = await temp.OpenAnotherAsync(releaseInterrupted: false);

        Assert.Single(await operatorTool.ListAsync(InboxStatus.Processing, CancellationToken.None));
        Assert.Empty(await operatorTool.ListAsync(InboxStatus.Pending, CancellationToken.None));
        Assert.Null(await operatorTool.ClaimNextAsync(T0.AddDays(1), CancellationToken.None));
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

    // SQLite returns a crashed process's deliveries at the next start (one instance per file).
    [Fact]
    public async Task Open_AfterACrashMidDelivery_ReleasesItAndKeepsWhatThePartnerCallsEachResource()
    {
        await temp.Store.AcceptAsync(Routed("a"), CancellationToken.None);
        var item = (await temp.Store.ClaimNextAsync(T0, CancellationToken.None))!;
        await temp.Store.CompleteAsync(item, [new Hl7.Fhir.Model.Task { Id = "ta", Status = Hl7.Fhir.Model.Task.TaskStatus.Accepted, Intent = Hl7.Fhir.Model.Task.TaskIntent.Order }], T0, CancellationToken.None);
        var claimed = await temp.Store.ClaimNextDeliveryAsync(T0, CancellationToken.None);
        await temp.Store.CompleteDeliveryAsync(claimed!, [new PartnerVersion("Task", "ta", "p7", "1")], T0, CancellationToken.None);
        await temp.Store.CommitChangeAsync(new ReferralChange("key-a", "started", [new Hl7.Fhir.Model.Task { Id = "ta", Status = Hl7.Fhir.Model.Task.TaskStatus.InProgress, Intent = Hl7.Fhir.Model.Task.TaskIntent.Order }]), T0, CancellationToken.None);
        Assert.NotNull(await temp.Store.ClaimNextDeliveryAsync(T0, CancellationToken.None));

        var restarted = await temp.OpenAnotherAsync();

        Assert.Single(await restarted.ListDeliveriesAsync(DeliveryStatus.Pending, CancellationToken.None));
        Assert.Equal([new PartnerVersion("Task", "ta", "p7", "1")], await restarted.PartnerVersionsAsync("westbrook", "key-a", CancellationToken.None));
        Assert.Empty(await restarted.PartnerVersionsAsync("westbrook", "key-b", CancellationToken.None));
    }

    private static InboundMessage Routed(string bundleId) =>
        Message(bundleId, "h-" + bundleId) with
        {
            Route = new DeliveryRoute("key-" + bundleId, "westbrook", "https://ehr.example.org/fhir", null, "h-" + bundleId,
                new Dictionary<string, RouteReference> { ["Patient/p1"] = new(null, "Patient", "urn:mrn", "123") }, "https://bonemets.example.org/fhir/$process-message"),
        };
}
