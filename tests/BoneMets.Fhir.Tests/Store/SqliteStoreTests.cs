using BoneMets.Fhir.Store;
using static BoneMets.Fhir.Tests.Store.Inbound;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Tests.Store;

/// <summary>What only the embedded store does (the rest is the contract, Store/Contract).</summary>
public sealed class SqliteStoreTests : IAsyncLifetime
{
    private TempStore temp = null!;

    public async Task InitializeAsync() => temp = await TempStore.OpenAsync();

    public Task DisposeAsync()
    {
        temp.Dispose();
        return Task.CompletedTask;
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
