using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Lifecycle;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Tests.Lifecycle;

public sealed class LifecycleTransitionsTests
{
    private static readonly DateTimeOffset Later = Stages.Now.AddHours(3);

    private static async Task<ReferralRecord> PlannedAsync()
    {
        var planned = await Stages.PlanAsync(LifecycleRig.Thoracic);
        return ReferralRecord.From(planned.Message.ReferralKey, planned.Plan.All, planned.Plan.Task.Id!);
    }

    private static Booking Slot => new("Slot/s1", Stages.Now.AddHours(5), Stages.Now.AddHours(5.5), "appt-1");

    [Fact]
    public async Task Cancel_Accepted_Task60SrRevokedAppointmentCancelledRequestsRevokedAcknowledgementKept()
    {
        var record = await PlannedAsync();

        var changed = LifecycleTransitions.Cancel(record, Later);

        var task = changed.OfType<Hl7.Fhir.Model.Task>().Single();
        Assert.Equal(("6.0", Hl7.Fhir.Model.Task.TaskStatus.Cancelled, FhirTime.Of(Later)), (BusinessStatus.Of(task)!.Code, task.Status!.Value, task.LastModified));
        Assert.Equal(RequestStatus.Revoked, changed.OfType<ServiceRequest>().Single().Status);
        Assert.Equal(Appointment.AppointmentStatus.Cancelled, changed.OfType<Appointment>().Single().Status);
        var revoked = changed.OfType<CommunicationRequest>().ToList();
        Assert.Equal(record.Requests.Count - 1, revoked.Count);
        Assert.DoesNotContain(revoked, r => r.Id == DeterministicId.For(record.ReferralKey, "acknowledgement"));
        Assert.All(revoked, r => Assert.Equal(RequestStatus.Revoked, r.Status));
    }

    [Fact]
    public async Task Cancel_AlreadyCancelled_NothingChanges()
    {
        var record = await PlannedAsync();
        var cancelled = ReferralRecord.From(record.ReferralKey, ReferralRecord.Replace([record.Task!, record.ServiceRequest!, record.Appointment!, .. record.Requests], LifecycleTransitions.Cancel(record, Later)), record.Task!.Id!);

        Assert.Empty(LifecycleTransitions.Cancel(cancelled, Later.AddHours(1)));
    }

    [Fact]
    public void Cancel_NoTaskYet_NothingChanges() =>
        Assert.Empty(LifecycleTransitions.Cancel(new ReferralRecord("k", null, null, null, []), Later));

    [Fact]
    public async Task Book_Accepted_AppointmentBookedOnSlotTask511SrActive()
    {
        var record = await PlannedAsync();

        var changed = LifecycleTransitions.Book(record, Slot, Later);

        var appointment = changed.OfType<Appointment>().Single();
        Assert.Equal((Appointment.AppointmentStatus.Booked, "Slot/s1", Slot.Start, Slot.End, 30),
            (appointment.Status!.Value, appointment.Slot.Single().Reference, appointment.Start!.Value, appointment.End!.Value, appointment.MinutesDuration!.Value));
        var task = changed.OfType<Hl7.Fhir.Model.Task>().Single();
        Assert.Equal(("5.1.1", Hl7.Fhir.Model.Task.TaskStatus.InProgress), (BusinessStatus.Of(task)!.Code, task.Status!.Value));
        Assert.Equal(RequestStatus.Active, changed.OfType<ServiceRequest>().Single().Status);
    }

    [Fact]
    public async Task Book_Cancelled_NothingBooked()
    {
        var record = await PlannedAsync();
        var all = ReferralRecord.Replace([record.Task!, record.ServiceRequest!, record.Appointment!, .. record.Requests], LifecycleTransitions.Cancel(record, Later));

        Assert.Empty(LifecycleTransitions.Book(ReferralRecord.From(record.ReferralKey, all, record.Task!.Id!), Slot, Later));
    }

    [Fact]
    public async Task KeepProgress_StoredScheduled_ReplayKeepsTaskAndBookedAppointment()
    {
        var planned = await Stages.PlanAsync(LifecycleRig.Thoracic);
        var record = ReferralRecord.From(planned.Message.ReferralKey, planned.Plan.All, planned.Plan.Task.Id!);
        var booked = ReferralRecord.Replace(planned.Plan.All, LifecycleTransitions.Book(record, Slot, Later));
        var stored = ReferralRecord.From(record.ReferralKey, booked, record.Task!.Id!);

        var replay = LifecycleTransitions.KeepProgress(planned.Plan.All, stored);

        Assert.Equal("5.1.1", BusinessStatus.Of(replay.OfType<Hl7.Fhir.Model.Task>().Single())!.Code);
        Assert.Equal(Appointment.AppointmentStatus.Booked, replay.OfType<Appointment>().Single().Status);
        Assert.Equal(planned.Plan.All.Count, replay.Count);
    }

    [Fact]
    public async Task KeepProgress_StoredAccepted_PlanUnchanged()
    {
        var planned = await Stages.PlanAsync(LifecycleRig.Thoracic);
        var stored = ReferralRecord.From(planned.Message.ReferralKey, planned.Plan.All, planned.Plan.Task.Id!);

        Assert.Same(planned.Plan.All.OfType<Appointment>().Single(), LifecycleTransitions.KeepProgress(planned.Plan.All, stored).OfType<Appointment>().Single());
    }
}
