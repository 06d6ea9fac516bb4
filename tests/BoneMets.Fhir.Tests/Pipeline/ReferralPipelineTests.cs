using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Tests.Lifecycle;
using BoneMets.Fhir.Worklist;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Tests.Pipeline;

/// <summary>The pipeline over the real inbox and store: where the clocks start.</summary>
public sealed class ReferralPipelineTests : IAsyncLifetime
{
    private LifecycleRig rig = null!;

    public async Task InitializeAsync() => rig = await LifecycleRig.OpenAsync();

    public Task DisposeAsync()
    {
        rig.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Process_ReferralResentADayLater_ClocksKeepTheFirstReceipt()
    {
        var firstArrival = rig.Clock.GetUtcNow();
        await rig.ReceiveAsync(Samples.Referral(LifecycleRig.Thoracic));
        await rig.ProcessAsync();
        var first = await rig.RecordAsync();

        rig.Clock.Advance(TimeSpan.FromDays(1));
        await rig.ReceiveAsync(LifecycleRig.Resend());
        await rig.ProcessAsync();

        var resent = await rig.RecordAsync();
        Assert.Equal(2, rig.TaskHistory(resent.Task!.Id!).Count); // it was processed again (new lastModified), not skipped
        Assert.Equal(FhirTime.Of(firstArrival), resent.Task!.Restriction.Period.Start);
        Assert.Equal(first.Task!.Restriction.Period.End, resent.Task.Restriction.Period.End);
        var outreach = resent.Requests.Single(r => r.Id == WorklistRows.OutreachId(resent.ReferralKey));
        Assert.Equal(FhirTime.Of(firstArrival), ((Hl7.Fhir.Model.Period)outreach.Occurrence).Start);
    }

    [Fact]
    public async Task ReceivedBefore_NothingStored_TheArrival()
    {
        var arrival = rig.Clock.GetUtcNow();

        Assert.Equal(arrival, (await rig.RecordAsync()).ReceivedBefore(arrival));
    }
}
