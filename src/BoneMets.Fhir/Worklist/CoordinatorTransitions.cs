using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Lifecycle;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.WriteBack;
using Hl7.Fhir.Model;
using Task = Hl7.Fhir.Model.Task;

namespace BoneMets.Fhir.Worklist;

/// <summary>
/// What each coordinator action writes, from the record as it stands. Pure and deterministic in its inputs (ids
/// derive from the referral), so an action done twice writes nothing the second time: an empty list means there is
/// nothing left to do. The Task's change reaches the referrer through the outbox like every other referral change.
/// </summary>
public static class CoordinatorTransitions
{
    /// <summary>
    /// The patient was contacted: the outreach CommunicationRequest completed, a Communication recorded (based on it),
    /// and the Task points at that Communication in its output, lastModified now. BSeR has no business status for
    /// "patient contacted", so the Task stays at 3.0 (ADR 0018).
    /// </summary>
    public static IReadOnlyList<Resource> RecordOutreach(ReferralRecord record, DateTimeOffset at)
    {
        var outreach = record.Requests.FirstOrDefault(r => r.Id == WorklistRows.OutreachId(record.ReferralKey));
        if (record.Task is not { } task || record.Status is not { IsTerminal: false } || outreach is not { Status: RequestStatus.Active })
        {
            return [];
        }

        var completed = (CommunicationRequest)outreach.DeepCopy();
        completed.Status = RequestStatus.Completed;
        var id = DeterministicId.For(record.ReferralKey, "patient-outreach-done");
        var communication = new Communication
        {
            Id = id,
            Identifier = [new Identifier(Terminology.CodeSystems.WriteBackIdentifier, id)],
            BasedOn = [new ResourceReference($"CommunicationRequest/{outreach.Id}")],
            PartOf = [new ResourceReference($"Task/{task.Id}")],
            Status = EventStatus.Completed,
            Category = [.. outreach.Category.Select(c => (CodeableConcept)c.DeepCopy())],
            Subject = outreach.Subject is null ? null : new ResourceReference(outreach.Subject.Reference),
            Recipient = [.. outreach.Recipient.Select(r => new ResourceReference(r.Reference))],
            Sender = new ResourceReference(ProgramDirectory.OrganizationReference),
            Sent = FhirTime.Of(at),
            Payload = [new Communication.PayloadComponent { Content = new FhirString("The program's coordinator contacted the patient.") }],
        };
        var moved = Touch(task, at);
        moved.Output.Add(new Task.OutputComponent { Type = new CodeableConcept { Text = "Patient outreach" }, Value = new ResourceReference($"Communication/{id}") });
        return [moved, completed, communication];
    }

    /// <summary>The referrer sent what one information request asked for: that request completed, the Task touched.</summary>
    public static IReadOnlyList<Resource> MissingDataReceived(ReferralRecord record, string requestId, DateTimeOffset at)
    {
        var request = WorklistRows.MissingDataRequests(record).FirstOrDefault(r => r.Id == requestId);
        if (record.Task is not { } task || record.Status is not { IsTerminal: false } || request is null)
        {
            return [];
        }

        var completed = (CommunicationRequest)request.DeepCopy();
        completed.Status = RequestStatus.Completed;
        return [Touch(task, at), completed];
    }

    /// <summary>
    /// The program declines (from 2.0, Task rejected) or cancels (later, Task cancelled, 6.0) the referral with a
    /// reason, through the lifecycle's cancellation (ServiceRequest revoked, Appointment cancelled, requests revoked);
    /// Task.statusReason and the Appointment's cancellation reason carry the coordinator's reason.
    /// </summary>
    public static IReadOnlyList<Resource> Close(ReferralRecord record, string reason, DateTimeOffset at)
    {
        if (record.Task is null || record.Status is not { IsTerminal: false } status)
        {
            return [];
        }

        IReadOnlyList<Resource> changed = status.CanMoveTo(BusinessStatus.Declined)
            ? [LifecycleTransitions.Move(record.Task, BusinessStatus.Declined, at), .. record.ServiceRequest is { } sr ? [LifecycleTransitions.Move(sr, BusinessStatus.Declined)] : Array.Empty<Resource>()]
            : LifecycleTransitions.Cancel(record, at);
        foreach (var resource in changed)
        {
            switch (resource)
            {
                case Task task:
                    task.StatusReason = new CodeableConcept { Text = reason };
                    break;
                case Appointment appointment:
                    appointment.CancelationReason = new CodeableConcept { Text = reason };
                    break;
            }
        }

        return changed;
    }

    /// <summary>Whether a first visit can be booked now: a live Task that may move to 5.1.1 and an Appointment not yet booked.</summary>
    public static bool CanBook(ReferralRecord record) =>
        record.Task is not null && record.Appointment is { Status: not Appointment.AppointmentStatus.Booked }
        && record.Status is { } status && status.CanMoveTo(BusinessStatus.Scheduled);

    /// <summary>
    /// A visit the coordinator arranged outside the scheduling server: the Appointment booked (no Slot) at the entered
    /// time, Task 5.1.1, ServiceRequest active — the lifecycle's booking, so the referrer sees the same change as for a
    /// scheduled visit. Already booked (a double click, a colleague, the scheduler): nothing.
    /// </summary>
    public static IReadOnlyList<Resource> BookByHand(ReferralRecord record, ManualVisit visit, DateTimeOffset at)
    {
        if (!CanBook(record))
        {
            return [];
        }

        var changed = LifecycleTransitions.Book(record, slotReference: null, visit.Start, visit.End, at);
        foreach (var appointment in changed.OfType<Appointment>())
        {
            appointment.Comment = "Arranged by the program's coordinator outside the scheduling system.";
        }

        return changed;
    }

    private static Task Touch(Task task, DateTimeOffset at)
    {
        var touched = (Task)task.DeepCopy();
        touched.LastModified = FhirTime.Of(at);
        return touched;
    }
}
