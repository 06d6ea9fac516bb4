using BoneMets.Fhir.Store;
using Hl7.Fhir.Model;
using static BoneMets.Fhir.Tests.Store.Inbound;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Tests.Store.Contract;

/// <summary>Inbox leases (ADR 0015): two instances on one store, time passed in, so a lease expires when the test says.</summary>
public abstract class LeaseContract : StoreContract
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly CancellationToken None = CancellationToken.None;
    private IDurableStore first = null!;
    private IDurableStore second = null!;

    protected override async Task<IStoreUnderTest> OpenStoreAsync()
    {
        var temp = await OpenFreshAsync();
        first = await temp.OpenAnotherAsync(Lease);
        second = await temp.OpenAnotherAsync(Lease);
        return temp;
    }

    /// <summary>A fresh store of the provider under test.</summary>
    protected abstract Task<IStoreUnderTest> OpenFreshAsync();

    [SkippableFact]
    public async Task ClaimNextAsync_LeaseExpired_ManyClaimersOnTheOtherInstance_ExactlyOneTakesItOver()
    {
        await first.AcceptAsync(Message("a", "ha"), None);
        var held = (await first.ClaimNextAsync(T0, None))!;

        var claims = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => second.ClaimNextAsync(T0 + Lease, None))));

        var taken = Assert.Single(claims, c => c is not null)!;
        Assert.Equal((held.Sequence, 2, second.InstanceId), (taken.Sequence, taken.Attempts, taken.Lease!.Owner));
        Assert.True(taken.Lease.Token > held.Lease!.Token);
        Assert.Equal(T0 + Lease + Lease, taken.Lease.Until);
        Assert.Null(await first.ClaimNextAsync(T0 + Lease, None)); // and not back again while the new lease lives
    }

    [SkippableFact]
    public async Task ClaimNextAsync_LiveLease_NeverStolen_EvenPastTheFirstTermWhenRenewed()
    {
        await first.AcceptAsync(Message("a", "ha"), None);
        var held = (await first.ClaimNextAsync(T0, None))!;

        Assert.Null(await second.ClaimNextAsync(T0 + Lease - TimeSpan.FromMilliseconds(1), None));
        var renewed = await first.RenewAsync(held, T0 + (Lease / 2), None);
        Assert.Equal(T0 + (Lease / 2) + Lease, renewed?.Until);
        Assert.Null(await second.ClaimNextAsync(T0 + Lease, None));
        Assert.Null(await second.ClaimNextAsync(T0 + (Lease / 2) + Lease - TimeSpan.FromMilliseconds(1), None));

        await first.CompleteAsync(held, [new Patient { Id = "p1" }], T0 + Lease, None);
        Assert.Single(await first.ListAsync(InboxStatus.Done, None));
    }

    [SkippableFact]
    public async Task CompleteAsync_LeaseTakenOverByTheOtherInstance_RefusedAndNothingWritten()
    {
        await first.AcceptAsync(Message("a", "ha"), None);
        var stale = (await first.ClaimNextAsync(T0, None))!;
        var owner = (await second.ClaimNextAsync(T0 + Lease, None))!;

        await Assert.ThrowsAsync<StoreConflictException>(() => first.CompleteAsync(stale, [new Patient { Id = "p1" }], T0 + Lease, None));
        await Assert.ThrowsAsync<StoreConflictException>(() => first.FailAsync(stale, "boom", T0 + Lease, None));
        await Assert.ThrowsAsync<StoreConflictException>(() => first.DeferAsync(stale, "partner down", T0 + Lease, None));
        Assert.Null(await first.RenewAsync(stale, T0 + Lease, None));

        Assert.Null(await first.ReadAsync("Patient", "p1", None));
        Assert.Equal(owner.Sequence, Assert.Single(await first.ListAsync(InboxStatus.Processing, None)).Sequence);
        await second.CompleteAsync(owner, [new Patient { Id = "p2" }], T0 + Lease, None);
        Assert.Equal(1, (await second.ReadAsync("Patient", "p2", None))?.Version);
        Assert.Single(await second.ListAsync(InboxStatus.Done, None));
    }

    [SkippableFact]
    public async Task CompleteAsync_LeaseExpiredButNotTakenOver_Completes()
    {
        await first.AcceptAsync(Message("a", "ha"), None);
        var held = (await first.ClaimNextAsync(T0, None))!;

        await first.CompleteAsync(held, [new Patient { Id = "p1" }], T0 + Lease + Lease, None);

        Assert.Single(await second.ListAsync(InboxStatus.Done, None));
        Assert.Null(await second.ClaimNextAsync(T0 + Lease + Lease, None));
    }

    [SkippableFact]
    public async Task DeferAsync_ByTheHolder_EndsTheLease_SoTheItemIsDueAgainForAnyInstance()
    {
        await first.AcceptAsync(Message("a", "ha"), None);
        var held = (await first.ClaimNextAsync(T0, None))!;

        await first.DeferAsync(held, "partner down", T0.AddSeconds(30), None);

        var next = await second.ClaimNextAsync(T0.AddSeconds(30), None);
        Assert.Equal((held.Sequence, 1, second.InstanceId), (next?.Sequence, next?.Attempts, next?.Lease?.Owner));
    }

    [SkippableFact]
    public async Task CompleteAsync_DecidedFromAVersionNoLongerCurrent_RefusedAsStale_NothingWrittenAndTheItemStillHeld()
    {
        await first.AcceptAsync(Message("a", "ha"), None);
        var held = (await first.ClaimNextAsync(T0, None))!;
        await second.CommitChangeAsync(new ReferralChange("key-a", "booked", [new Hl7.Fhir.Model.Task { Id = "t1", Status = Hl7.Fhir.Model.Task.TaskStatus.InProgress, Intent = Hl7.Fhir.Model.Task.TaskIntent.Order }]), T0, None);

        var stale = await Assert.ThrowsAsync<StaleRecordException>(() =>
            first.CompleteAsync(held, [new Patient { Id = "p1" }], T0, None, expected: new Dictionary<string, int> { ["Task/t1"] = 0 }));
        await Assert.ThrowsAsync<StaleRecordException>(() => second.CommitChangeAsync(
            new ReferralChange("key-a", "cancelled", [new Patient { Id = "p2" }]) { Expected = new Dictionary<string, int> { ["Task/t1"] = 2 } }, T0, None));

        Assert.Contains("Task/t1 is at version 1, not 0", stale.Message, StringComparison.Ordinal);
        Assert.Null(await first.ReadAsync("Patient", "p1", None));
        Assert.Null(await first.ReadAsync("Patient", "p2", None));
        Assert.Single(await first.ListAsync(InboxStatus.Processing, None));
        await first.CompleteAsync(held, [new Patient { Id = "p1" }], T0, None, expected: new Dictionary<string, int> { ["Task/t1"] = 1 });
        Assert.Equal(1, (await first.ReadAsync("Patient", "p1", None))?.Version);
    }
}
