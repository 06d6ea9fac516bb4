using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Lifecycle;
using BoneMets.Fhir.Worklist;
using Hl7.Fhir.Model;
using FhirTask = Hl7.Fhir.Model.Task;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Tests.Worklist;

/// <summary>What each coordinator action writes, by value, from a planned sample's record.</summary>
public class CoordinatorTransitionsTests
{
    private static readonly DateTimeOffset At = Stages.Now.AddHours(2);

    private static async Task<ReferralRecord> RecordAsync(string sample = "02") => (await WorklistRowsTests.SourceAsync(sample)).Source.Record;

    /// <summary>The record after the changes are written over it.</summary>
    private static ReferralRecord After(ReferralRecord record, IReadOnlyList<Resource> changed) => ReferralRecord.From(
        record.ReferralKey, ReferralRecord.Replace([record.Task!, record.ServiceRequest!, record.Appointment!, .. record.Requests], changed), record.Task!.Id!);

    private static ReferralRecord WithStatus(ReferralRecord record, BusinessStatus status) => record with { Task = LifecycleTransitions.Move(record.Task!, status, Stages.Now) };

    [Fact]
    public async Task RecordOutreach_Active_RequestCompletedCommunicationRecordedTaskPointsAtIt()
    {
        var record = await RecordAsync();
        var outreachId = WorklistRows.OutreachId(record.ReferralKey);

        var changed = CoordinatorTransitions.RecordOutreach(record, At);

        var task = Assert.IsType<FhirTask>(changed[0]);
        var request = Assert.IsType<CommunicationRequest>(changed[1]);
        var communication = Assert.IsType<Communication>(changed[2]);
        Assert.Equal(3, changed.Count);
        Assert.Equal(("3.0", FhirTime.Of(At)), (BusinessStatus.Of(task)!.Code, task.LastModified));
        Assert.Equal($"Communication/{communication.Id}", Assert.IsType<ResourceReference>(task.Output[^1].Value).Reference);
        Assert.Equal((outreachId, RequestStatus.Completed), (request.Id, request.Status!.Value));
        Assert.Equal(DeterministicId.For(record.ReferralKey, "patient-outreach-done"), communication.Id);
        Assert.Equal((EventStatus.Completed, FhirTime.Of(At)), (communication.Status!.Value, communication.Sent));
        Assert.Equal([$"CommunicationRequest/{outreachId}"], communication.BasedOn.Select(b => b.Reference));
        Assert.Equal([$"Task/{task.Id}"], communication.PartOf.Select(b => b.Reference));
    }

    [Fact]
    public async Task RecordOutreach_Again_Nothing()
    {
        var record = await RecordAsync();

        Assert.Empty(CoordinatorTransitions.RecordOutreach(After(record, CoordinatorTransitions.RecordOutreach(record, At)), At.AddMinutes(1)));
    }

    [Fact]
    public async Task RecordOutreach_Closed_Nothing()
    {
        var record = await RecordAsync();

        Assert.Empty(CoordinatorTransitions.RecordOutreach(After(record, CoordinatorTransitions.Close(record, "Seen elsewhere", At)), At));
    }

    [Fact]
    public async Task MissingDataReceived_OpenRequest_CompletedAndTaskTouchedThenNothing()
    {
        var record = await RecordAsync("08");
        var request = WorklistRows.MissingDataRequests(record).First();

        var changed = CoordinatorTransitions.MissingDataReceived(record, request.Id!, At);

        Assert.Equal(FhirTime.Of(At), Assert.IsType<FhirTask>(changed[0]).LastModified);
        Assert.Equal((request.Id, RequestStatus.Completed), (Assert.IsType<CommunicationRequest>(changed[1]).Id, ((CommunicationRequest)changed[1]).Status!.Value));
        Assert.Empty(CoordinatorTransitions.MissingDataReceived(After(record, changed), request.Id!, At));
    }

    [Fact]
    public async Task MissingDataReceived_TheOutreachOrAnUnknownRequest_Nothing()
    {
        var record = await RecordAsync("08");

        Assert.Empty(CoordinatorTransitions.MissingDataReceived(record, WorklistRows.OutreachId(record.ReferralKey), At));
        Assert.Empty(CoordinatorTransitions.MissingDataReceived(record, "no-such-request", At));
    }

    [Fact]
    public async Task Close_Created_TaskRejectedServiceRequestRevokedWithTheReason()
    {
        var record = WithStatus(await RecordAsync(), BusinessStatus.Created);

        var changed = CoordinatorTransitions.Close(record, "Not a bone metastasis referral", At);

        var task = Assert.IsType<FhirTask>(changed[0]);
        Assert.Equal(("4.0", FhirTask.TaskStatus.Rejected, "Not a bone metastasis referral"), (BusinessStatus.Of(task)!.Code, task.Status!.Value, task.StatusReason.Text));
        Assert.Equal(RequestStatus.Revoked, Assert.IsType<ServiceRequest>(changed[1]).Status);
        Assert.Equal(2, changed.Count);
    }

    [Fact]
    public async Task Close_Accepted_FulfilmentCancelledAppointmentAndRequestsWithTheReason()
    {
        var record = await RecordAsync();

        var changed = CoordinatorTransitions.Close(record, "Patient declined", At);

        var task = changed.OfType<FhirTask>().Single();
        Assert.Equal(("6.0", FhirTask.TaskStatus.Cancelled, "Patient declined"), (BusinessStatus.Of(task)!.Code, task.Status!.Value, task.StatusReason.Text));
        var appointment = changed.OfType<Appointment>().Single();
        Assert.Equal((Appointment.AppointmentStatus.Cancelled, "Patient declined"), (appointment.Status!.Value, appointment.CancelationReason.Text));
        Assert.All(changed.OfType<CommunicationRequest>(), r => Assert.Equal(RequestStatus.Revoked, r.Status));
        Assert.DoesNotContain(changed.OfType<CommunicationRequest>(), r => r.Id == DeterministicId.For(record.ReferralKey, "acknowledgement"));
        Assert.Empty(CoordinatorTransitions.Close(After(record, changed), "again", At));
    }

    [Fact]
    public async Task BookByHand_Accepted_AppointmentBookedWithoutASlotTask511()
    {
        var record = await RecordAsync();
        var visit = new ManualVisit(At.AddDays(1), At.AddDays(1).AddMinutes(45));

        var changed = CoordinatorTransitions.BookByHand(record, visit, At);

        Assert.Equal(("5.1.1", FhirTask.TaskStatus.InProgress), (BusinessStatus.Of(changed.OfType<FhirTask>().Single())!.Code, changed.OfType<FhirTask>().Single().Status!.Value));
        var appointment = changed.OfType<Appointment>().Single();
        Assert.Equal((Appointment.AppointmentStatus.Booked, visit.Start, visit.End, 45), (appointment.Status!.Value, appointment.Start!.Value, appointment.End!.Value, appointment.MinutesDuration!.Value));
        Assert.Empty(appointment.Slot);
        Assert.Contains("coordinator", appointment.Comment, StringComparison.Ordinal);
        Assert.All(appointment.Participant, p => Assert.Equal(ParticipationStatus.Accepted, p.Status));
        Assert.Equal(RequestStatus.Active, changed.OfType<ServiceRequest>().Single().Status);
        Assert.Empty(CoordinatorTransitions.BookByHand(After(record, changed), visit, At));
    }

    [Fact]
    public async Task CanBook_ByStatus_OnlyWhereTheLifecycleAllowsScheduling()
    {
        var record = await RecordAsync();

        Assert.True(CoordinatorTransitions.CanBook(record));
        Assert.True(CoordinatorTransitions.CanBook(WithStatus(record, BusinessStatus.Unattended) with { Appointment = NoShow(record.Appointment!) }));
        Assert.False(CoordinatorTransitions.CanBook(WithStatus(record, BusinessStatus.Created)));
        Assert.False(CoordinatorTransitions.CanBook(WithStatus(record, BusinessStatus.FulfilmentCancelled)));
        Assert.False(CoordinatorTransitions.CanBook(record with { Appointment = null }));
    }

    private static Appointment NoShow(Appointment appointment)
    {
        var copy = (Appointment)appointment.DeepCopy();
        copy.Status = Appointment.AppointmentStatus.Noshow;
        return copy;
    }
}
