using BoneMets.Fhir.Store;
using static BoneMets.Fhir.Tests.Store.Inbound;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Tests.Store.Contract;

/// <summary>Loop leadership (ILeaderLease, ADR 0015): three instances on one store, time passed in.</summary>
public abstract class LeaderContract : StoreContract
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly CancellationToken None = CancellationToken.None;
    private IDurableStore[] instances = [];

    protected override async Task<IStoreUnderTest> OpenStoreAsync()
    {
        var temp = await OpenFreshAsync();
        instances = [await temp.OpenAnotherAsync(Lease), await temp.OpenAnotherAsync(Lease), await temp.OpenAnotherAsync(Lease)];
        return temp;
    }

    /// <summary>A fresh store of the provider under test.</summary>
    protected abstract Task<IStoreUnderTest> OpenFreshAsync();

    [SkippableFact]
    public async Task TryLeadAsync_ManyInstancesAtOnce_ExactlyOneLeads_AndKeepsLeadingWhileItRenews()
    {
        var tries = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(async () => (i % 3, await instances[i % 3].TryLeadAsync("scheduler", T0, None)))));

        var leader = Assert.Single(tries.Where(t => t.Item2).Select(t => t.Item1).Distinct());
        var others = instances.Where((_, i) => i != leader).ToList();
        Assert.True(await instances[leader].TryLeadAsync("scheduler", T0 + (Lease / 2), None)); // renewed
        Assert.All(await Task.WhenAll(others.Select(o => o.TryLeadAsync("scheduler", T0 + Lease, None))), Assert.False); // still live: never taken
        Assert.True(await others[0].TryLeadAsync("another loop", T0, None)); // loops are led apart
    }

    [SkippableFact]
    public async Task TryLeadAsync_LeaderStopsRenewing_AnotherTakesOverWhenTheLeaseRunsOut_AndTheOldLeaderNoLongerLeads()
    {
        Assert.True(await instances[0].TryLeadAsync("scheduler", T0, None));

        Assert.False(await instances[1].TryLeadAsync("scheduler", T0 + Lease - TimeSpan.FromMilliseconds(1), None));
        Assert.True(await instances[1].TryLeadAsync("scheduler", T0 + Lease, None));

        Assert.False(await instances[0].TryLeadAsync("scheduler", T0 + Lease, None));
        Assert.False(await instances[2].TryLeadAsync("scheduler", T0 + Lease, None));
    }

    [SkippableFact]
    public async Task ResignAsync_HandsTheLoopOverAtOnce_AndIsIgnoredFromAnInstanceThatDoesNotLead()
    {
        Assert.True(await instances[0].TryLeadAsync("scheduler", T0, None));

        await instances[1].ResignAsync("scheduler", None);
        Assert.False(await instances[2].TryLeadAsync("scheduler", T0, None));

        await instances[0].ResignAsync("scheduler", None);
        Assert.True(await instances[2].TryLeadAsync("scheduler", T0, None));
    }
}
