using BoneMets.Fhir.Store;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Tests.Store.Contract;

/// <summary>The outbox: queued with the change that it carries, only when something changed, delivered in order per referral.</summary>
public abstract class OutboxContract : StoreContract
{
    private static readonly DateTimeOffset T0 = Inbound.T0;

    private static InboundMessage Routed(string bundleId, string? reply = null, string partner = "westbrook") =>
        Inbound.Message(bundleId, "h-" + bundleId) with
        {
            Route = new DeliveryRoute("key-" + bundleId, partner, "https://ehr.example.org/fhir", reply, "h-" + bundleId,
                new Dictionary<string, RouteReference> { ["Patient/p1"] = new(null, "Patient", "urn:mrn", "123") }, "https://bonemets.example.org/fhir/$process-message"),
        };

    private static Hl7.Fhir.Model.Task Task(string id, Hl7.Fhir.Model.Task.TaskStatus status) =>
        new() { Id = id, Status = status, Intent = Hl7.Fhir.Model.Task.TaskIntent.Order };

    private static async Task<InboxItem> ProcessingAsync(IDurableStore store, InboundMessage message)
    {
        await store.AcceptAsync(message, CancellationToken.None);
        return (await store.ClaimNextAsync(T0, CancellationToken.None))!;
    }

    [SkippableFact]
    public async Task Complete_RoutedReferral_QueuesOneDeliveryOfTheWriteBackResourcesOnly()
    {
        var item = await ProcessingAsync(Store, Routed("b1"));

        await Store.CompleteAsync(item, [Task("t1", Hl7.Fhir.Model.Task.TaskStatus.Accepted), new Patient { Id = "p1" }, new RiskAssessment { Id = "r1" }], T0, CancellationToken.None);

        var delivery = Assert.Single(await Store.ListDeliveriesAsync(null, CancellationToken.None));
        Assert.Equal((DeliveryChannel.Fhir, "westbrook", "https://ehr.example.org/fhir", DeliveryStatus.Pending), (delivery.Channel, delivery.PartnerId, delivery.Target, delivery.Status));
        var snapshot = BoneMets.Fhir.Fhir.FhirJson.Parse<Bundle>(delivery.PayloadJson);
        Assert.Equal(["Task/t1"], snapshot.Entry.Select(e => $"{e.Resource.TypeName}/{e.Resource.Id}"));
    }

    [SkippableFact]
    public async Task Complete_UnroutedReferral_QueuesNothing()
    {
        var item = await ProcessingAsync(Store, Inbound.Message("b1", "h1"));

        await Store.CompleteAsync(item, [Task("t1", Hl7.Fhir.Model.Task.TaskStatus.Accepted)], T0, CancellationToken.None);

        Assert.Empty(await Store.ListDeliveriesAsync(null, CancellationToken.None));
    }

    [SkippableFact]
    public async Task CommitChange_OnlyWhenContentChanged_AndAStatusUpdateWhenThereIsAReplyEndpoint()
    {
        var item = await ProcessingAsync(Store, Routed("b1", reply: "https://ehr.example.org/messaging"));
        await Store.CompleteAsync(item, [Task("t1", Hl7.Fhir.Model.Task.TaskStatus.Accepted)], T0, CancellationToken.None);

        await Store.CommitChangeAsync(new ReferralChange("key-b1", "same again", [Task("t1", Hl7.Fhir.Model.Task.TaskStatus.Accepted)]), T0, CancellationToken.None);
        Assert.Equal(2, (await Store.ListDeliveriesAsync(null, CancellationToken.None)).Count); // fhir + message, from the first commit only

        await Store.CommitChangeAsync(new ReferralChange("key-b1", "started", [Task("t1", Hl7.Fhir.Model.Task.TaskStatus.InProgress)]), T0, CancellationToken.None);
        var all = await Store.ListDeliveriesAsync(null, CancellationToken.None);

        Assert.Equal([DeliveryChannel.Fhir, DeliveryChannel.Message, DeliveryChannel.Fhir, DeliveryChannel.Message], all.Select(d => d.Channel));
        Assert.Equal("started", all[^1].Reason);
        var update = BoneMets.Fhir.Fhir.FhirJson.Parse<Bundle>(all[^1].PayloadJson);
        var first = BoneMets.Fhir.Fhir.FhirJson.Parse<Bundle>(all[1].PayloadJson);
        Assert.NotEqual(first.Id, update.Id); // another change, another message …
        var again = BoneMets.Fhir.Store.DeliveryPayloads.StatusUpdate((await Store.RouteAsync("key-b1", CancellationToken.None))!,
            (Hl7.Fhir.Model.Task)update.Entry[1].Resource, T0.AddHours(1));
        Assert.Equal(update.Id, again.Id); // … but the same change planned again is the same message
        Assert.Equal(update.Entry[0].Resource.Id, again.Entry[0].Resource.Id);
    }

    [SkippableFact]
    public async Task Claim_OneReferralsDeliveriesInOrder_OthersInParallel_ParkedHoldsItsReferralUntilDiscarded()
    {
        var a = await ProcessingAsync(Store, Routed("a"));
        await Store.CompleteAsync(a, [Task("ta", Hl7.Fhir.Model.Task.TaskStatus.Accepted)], T0, CancellationToken.None);
        await Store.CommitChangeAsync(new ReferralChange("key-a", "started", [Task("ta", Hl7.Fhir.Model.Task.TaskStatus.InProgress)]), T0, CancellationToken.None);
        var b = await ProcessingAsync(Store, Routed("b"));
        await Store.CompleteAsync(b, [Task("tb", Hl7.Fhir.Model.Task.TaskStatus.Accepted)], T0, CancellationToken.None);

        var first = await Store.ClaimNextDeliveryAsync(T0, CancellationToken.None);
        var second = await Store.ClaimNextDeliveryAsync(T0, CancellationToken.None);
        Assert.Null(await Store.ClaimNextDeliveryAsync(T0, CancellationToken.None)); // a's second waits for a's first

        Assert.Equal(("key-a", "key-b"), (first!.ReferralKey, second!.ReferralKey));
        await Store.FailDeliveryAsync(first, "rejected", null, CancellationToken.None);
        Assert.Null(await Store.ClaimNextDeliveryAsync(T0, CancellationToken.None)); // parked holds its referral

        Assert.False(await Store.DiscardDeliveryAsync(second.Sequence, "not parked", CancellationToken.None));
        Assert.True(await Store.DiscardDeliveryAsync(first.Sequence, "sent by fax", CancellationToken.None));
        var next = await Store.ClaimNextDeliveryAsync(T0, CancellationToken.None);
        Assert.Equal(("key-a", "started"), (next!.ReferralKey, next.Reason));
    }

    [SkippableFact]
    public async Task Claim_OnePartnerSlowWithDeliveriesInFlight_AnotherPartnersDeliveryGoesFirst()
    {
        foreach (var (bundle, partner) in new[] { ("a1", "slow"), ("a2", "slow"), ("a3", "slow"), ("b1", "fast") })
        {
            var item = await ProcessingAsync(Store, Routed(bundle, partner: partner));
            await Store.CompleteAsync(item, [Task("t" + bundle, Hl7.Fhir.Model.Task.TaskStatus.Accepted)], T0, CancellationToken.None);
        }

        var first = await Store.ClaimNextDeliveryAsync(T0, CancellationToken.None); // still in flight (the slow partner hangs)
        var second = await Store.ClaimNextDeliveryAsync(T0, CancellationToken.None);

        Assert.Equal(("slow", "fast"), (first!.PartnerId, second!.PartnerId)); // not the slow partner's older second delivery
    }

    [SkippableFact]
    public async Task Claim_AfterACrashMidDelivery_TakenOverWhenTheLeaseRunsOut_AndWhatThePartnerCallsEachResourceIsKept()
    {
        var item = await ProcessingAsync(Store, Routed("a"));
        await Store.CompleteAsync(item, [Task("ta", Hl7.Fhir.Model.Task.TaskStatus.Accepted)], T0, CancellationToken.None);
        var claimed = await Store.ClaimNextDeliveryAsync(T0, CancellationToken.None);
        await Store.CompleteDeliveryAsync(claimed!, [new PartnerVersion("Task", "ta", "p7", "1")], T0, CancellationToken.None);
        await Store.CommitChangeAsync(new ReferralChange("key-a", "started", [Task("ta", Hl7.Fhir.Model.Task.TaskStatus.InProgress)]), T0, CancellationToken.None);
        var inFlight = (await Store.ClaimNextDeliveryAsync(T0, CancellationToken.None))!;

        var restarted = await Temp.OpenAnotherAsync();

        Assert.Equal(inFlight.Sequence, Assert.Single(await restarted.ListDeliveriesAsync(DeliveryStatus.Processing, CancellationToken.None)).Sequence);
        Assert.Null(await restarted.ClaimNextDeliveryAsync(inFlight.Lease!.Until.AddMilliseconds(-1), CancellationToken.None));
        var takenOver = await restarted.ClaimNextDeliveryAsync(inFlight.Lease.Until, CancellationToken.None);
        Assert.Equal((inFlight.Sequence, 2, restarted.InstanceId), (takenOver?.Sequence, takenOver?.Attempts, takenOver?.Lease?.Owner));
        Assert.Equal([new PartnerVersion("Task", "ta", "p7", "1")], await restarted.PartnerVersionsAsync("westbrook", "key-a", CancellationToken.None));
        Assert.Empty(await restarted.PartnerVersionsAsync("westbrook", "key-b", CancellationToken.None));
    }

    [SkippableFact]
    public async Task Claim_OneReferralsChangesOnTwoInstances_NeverConcurrently_InOrder_AndALostLeaseRecordsNothing()
    {
        var mine = Store;
        var other = await Temp.OpenAnotherAsync();
        var item = await ProcessingAsync(mine, Routed("a"));
        await mine.CompleteAsync(item, [Task("ta", Hl7.Fhir.Model.Task.TaskStatus.Accepted)], T0, CancellationToken.None);
        await mine.CommitChangeAsync(new ReferralChange("key-a", "started", [Task("ta", Hl7.Fhir.Model.Task.TaskStatus.InProgress)]), T0, CancellationToken.None);
        var lease = new BoneMets.Fhir.Store.StoreOptions().LeaseDuration;

        var first = (await mine.ClaimNextDeliveryAsync(T0, CancellationToken.None))!;
        var meanwhile = await System.Threading.Tasks.Task.WhenAll(Enumerable.Range(0, 6).Select(_ => System.Threading.Tasks.Task.Run(() => other.ClaimNextDeliveryAsync(T0, CancellationToken.None))));
        Assert.All(meanwhile, Assert.Null); // the second change waits for the first; the first is leased

        var takenOver = (await other.ClaimNextDeliveryAsync(T0 + lease, CancellationToken.None))!;
        Assert.Equal(first.Sequence, takenOver.Sequence);
        await Assert.ThrowsAsync<StoreConflictException>(() => mine.CompleteDeliveryAsync(first, [new PartnerVersion("Task", "ta", "stale", "1")], T0 + lease, CancellationToken.None));
        await Assert.ThrowsAsync<StoreConflictException>(() => mine.FailDeliveryAsync(first, "boom", null, CancellationToken.None));
        Assert.Null(await mine.RenewDeliveryAsync(first, T0 + lease, CancellationToken.None));
        Assert.Empty(await other.PartnerVersionsAsync("westbrook", "key-a", CancellationToken.None));

        await other.CompleteDeliveryAsync(takenOver, [new PartnerVersion("Task", "ta", "p7", "1")], T0 + lease, CancellationToken.None);
        var second = await mine.ClaimNextDeliveryAsync(T0 + lease, CancellationToken.None);
        Assert.Equal(("started", first.Sequence < second!.Sequence), (second.Reason, true));
        Assert.Equal([new PartnerVersion("Task", "ta", "p7", "1")], await other.PartnerVersionsAsync("westbrook", "key-a", CancellationToken.None));
    }
}
