using BoneMets.Fhir.Lifecycle;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Tests.Lifecycle;

/// <summary>The referrer's cancellation through the inbox, whenever it arrives.</summary>
public sealed class CancellationTests : IAsyncLifetime
{
    private LifecycleRig rig = null!;

    public async Task InitializeAsync() => rig = await LifecycleRig.OpenAsync();

    public Task DisposeAsync()
    {
        rig.Dispose();
        return Task.CompletedTask;
    }

    private static void AssertCancelled(ReferralRecord record)
    {
        Assert.Equal("6.0", record.Status?.Code);
        Assert.Equal(Hl7.Fhir.Model.Task.TaskStatus.Cancelled, record.Task!.Status);
        Assert.Equal(RequestStatus.Revoked, record.ServiceRequest!.Status);
        Assert.Equal(Appointment.AppointmentStatus.Cancelled, record.Appointment!.Status);
    }

    [Fact]
    public async Task Cancel_AfterProcessing_Task60AndHistoryHasEachStatusOnce()
    {
        await rig.ReceiveAsync(Samples.Referral(LifecycleRig.Thoracic));
        await rig.ProcessAsync();

        await rig.ReceiveAsync(LifecycleRig.Cancellation());
        await rig.ProcessAsync();

        var record = await rig.RecordAsync();
        AssertCancelled(record);
        Assert.Equal(["3.0", "6.0"], rig.TaskHistory(record.Task!.Id!));
    }

    [Fact]
    public async Task Cancel_QueuedBehindTheReferral_EndsCancelled()
    {
        await rig.ReceiveAsync(Samples.Referral(LifecycleRig.Thoracic));
        await rig.ReceiveAsync(LifecycleRig.Cancellation());

        await rig.ProcessAsync();

        AssertCancelled(await rig.RecordAsync());
    }

    [Fact]
    public async Task Cancel_ArrivesBeforeTheReferral_ReferralWrittenCancelledNeverAccepted()
    {
        await rig.ReceiveAsync(LifecycleRig.Cancellation());
        await rig.ProcessAsync();
        Assert.Null((await rig.RecordAsync()).Task);

        await rig.ReceiveAsync(Samples.Referral(LifecycleRig.Thoracic));
        await rig.ProcessAsync();

        var record = await rig.RecordAsync();
        AssertCancelled(record);
        Assert.Equal(["6.0"], rig.TaskHistory(record.Task!.Id!));
    }

    [Fact]
    public async Task Resend_AfterCancellation_StaysCancelled()
    {
        await rig.ReceiveAsync(Samples.Referral(LifecycleRig.Thoracic));
        await rig.ReceiveAsync(LifecycleRig.Cancellation());
        await rig.ProcessAsync();

        await rig.ReceiveAsync(LifecycleRig.Resend());
        await rig.ProcessAsync();

        var record = await rig.RecordAsync();
        AssertCancelled(record);
        Assert.Equal(["3.0", "6.0"], rig.TaskHistory(record.Task!.Id!));
    }

    [Fact]
    public async Task Cancel_ServiceRequestRevoked_TreatedAsCancellation()
    {
        await rig.ReceiveAsync(Samples.Referral(LifecycleRig.Thoracic));
        await rig.ProcessAsync();
        var bundle = Stages.Bundle(LifecycleRig.Resend(suffix: "revoke"));
        Stages.Only<ServiceRequest>(bundle).Status = RequestStatus.Revoked;

        await rig.ReceiveAsync(BoneMets.Fhir.Fhir.FhirJson.Serialize(bundle));
        await rig.ProcessAsync();

        AssertCancelled(await rig.RecordAsync());
    }

    [Fact]
    public async Task Cancel_Twice_OneCancelledVersion()
    {
        await rig.ReceiveAsync(Samples.Referral(LifecycleRig.Thoracic));
        await rig.ProcessAsync();

        await rig.ReceiveAsync(LifecycleRig.Cancellation(suffix: "cancel-1"));
        rig.Clock.Advance(TimeSpan.FromMinutes(5));
        await rig.ReceiveAsync(LifecycleRig.Cancellation(suffix: "cancel-2"));
        await rig.ProcessAsync();

        var record = await rig.RecordAsync();
        Assert.Equal(["3.0", "6.0"], rig.TaskHistory(record.Task!.Id!));
        Assert.Equal(1, rig.Temp.Scalar("SELECT COUNT(*) FROM lifecycle_cancellation"));
    }
}
