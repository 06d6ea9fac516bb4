using BoneMets.Fhir.Fhir;
using Hl7.Fhir.Model;
using Task = Hl7.Fhir.Model.Task;

namespace BoneMets.Fhir.Lifecycle;

/// <summary>A Slot taken on the scheduling server: which one, when, and the Appointment's id there.</summary>
public sealed record Booking(string SlotReference, DateTimeOffset Start, DateTimeOffset End, string? ServerAppointmentId);

/// <summary>
/// The resources each lifecycle change writes, from the record as it stands. Pure, and deterministic in its
/// inputs (the change time is passed in), so committing the same change twice writes no second version.
/// Each method returns only what it changed; an empty list means there is nothing to do.
/// </summary>
public static class LifecycleTransitions
{
    /// <summary>
    /// The referrer cancelled: Task 6.0 (cancelled), ServiceRequest revoked, the Appointment cancelled (its Slot
    /// is freed on the scheduling server by the caller), and the outreach and information requests revoked — the
    /// acknowledgement stays, it already happened. Already cancelled, completed or declined: nothing.
    /// </summary>
    public static IReadOnlyList<Resource> Cancel(ReferralRecord record, DateTimeOffset at)
    {
        var to = BusinessStatus.FulfilmentCancelled;
        if (record.Task is null || (record.Status is { } status && !status.CanMoveTo(to)))
        {
            return [];
        }

        var changed = new List<Resource> { Move(record.Task, to, at) };
        if (record.ServiceRequest is { } serviceRequest)
        {
            changed.Add(Move(serviceRequest, to));
        }

        if (record.Appointment is { Status: not (Appointment.AppointmentStatus.Cancelled or Appointment.AppointmentStatus.Fulfilled) } appointment)
        {
            var cancelled = (Appointment)appointment.DeepCopy();
            cancelled.Status = Appointment.AppointmentStatus.Cancelled;
            cancelled.CancelationReason = new CodeableConcept { Text = "The referrer cancelled the referral." };
            changed.Add(cancelled);
        }

        changed.AddRange(record.Requests
            .Where(r => r.Status == RequestStatus.Active && r.Id != DeterministicId.For(record.ReferralKey, "acknowledgement"))
            .Select(r =>
            {
                var revoked = (CommunicationRequest)r.DeepCopy();
                revoked.Status = RequestStatus.Revoked;
                return revoked;
            }));
        return changed;
    }

    /// <summary>
    /// A Slot was taken: the Appointment booked for it (slot, start, end; participants accepted), Task 5.1.1
    /// (in-progress), ServiceRequest active. Only from 3.0 (or 5.1.2, re-booking a missed visit).
    /// </summary>
    public static IReadOnlyList<Resource> Book(ReferralRecord record, Booking booking, DateTimeOffset at) =>
        Book(record, booking.SlotReference, booking.Start, booking.End, at);

    /// <summary>
    /// As <see cref="Book(ReferralRecord, Booking, DateTimeOffset)"/>, for a visit arranged outside the scheduling
    /// server (the coordinator's manual booking): no Slot, the start and end the coordinator entered.
    /// </summary>
    public static IReadOnlyList<Resource> Book(ReferralRecord record, string? slotReference, DateTimeOffset start, DateTimeOffset end, DateTimeOffset at)
    {
        if (record.Task is null || record.Appointment is null || record.Status is not { } status || !status.CanMoveTo(BusinessStatus.Scheduled))
        {
            return [];
        }

        var appointment = (Appointment)record.Appointment.DeepCopy();
        appointment.Status = Appointment.AppointmentStatus.Booked;
        appointment.Slot = slotReference is null ? [] : [new ResourceReference(slotReference)];
        appointment.Start = start;
        appointment.End = end;
        appointment.MinutesDuration = (int)(end - start).TotalMinutes;
        foreach (var participant in appointment.Participant)
        {
            participant.Status = ParticipationStatus.Accepted;
        }

        var changed = new List<Resource> { Move(record.Task, BusinessStatus.Scheduled, at), appointment };
        if (record.ServiceRequest is { } serviceRequest)
        {
            changed.Add(Move(serviceRequest, BusinessStatus.Scheduled));
        }

        return changed;
    }

    /// <summary>
    /// The booked visit happened or was missed, as the scheduling server says: fulfilled → Appointment fulfilled,
    /// Task 5.1.4 (completed), SR completed; noshow → Appointment noshow, Task 5.1.2 (in-progress), SR active.
    /// 7.0 (fulfilment completed) is left for the consult's documentation, which this service does not write.
    /// Any other status, or a move the record does not allow: nothing.
    /// </summary>
    public static IReadOnlyList<Resource> Attend(ReferralRecord record, Appointment.AppointmentStatus outcome, DateTimeOffset at)
    {
        var to = outcome switch
        {
            Appointment.AppointmentStatus.Fulfilled => BusinessStatus.EventCompleted,
            Appointment.AppointmentStatus.Noshow => BusinessStatus.Unattended,
            _ => null,
        };
        if (to is null || record.Task is null || record.Appointment is not { Status: Appointment.AppointmentStatus.Booked }
            || record.Status is not { } status || !status.CanMoveTo(to))
        {
            return [];
        }

        var appointment = (Appointment)record.Appointment.DeepCopy();
        appointment.Status = outcome;
        var changed = new List<Resource> { Move(record.Task, to, at), appointment };
        if (record.ServiceRequest is { } serviceRequest)
        {
            changed.Add(Move(serviceRequest, to));
        }

        return changed;
    }

    /// <summary>
    /// A replayed or resent referral plans the first write-back again (Task 3.0, Appointment proposed, SR active).
    /// Where the stored record is further along (booked, cancelled, completed), the stored Task, ServiceRequest,
    /// Appointment and requests win, so a replay never moves a referral backwards or frees a booked visit.
    /// </summary>
    public static IReadOnlyList<Resource> KeepProgress(IReadOnlyList<Resource> planned, ReferralRecord stored)
    {
        var plannedTask = planned.OfType<Task>().FirstOrDefault(t => t.Id == stored.Task?.Id);
        if (stored.Status is not { } storedStatus || plannedTask is null || BusinessStatus.Of(plannedTask) is not { } plannedStatus
            || storedStatus.Progress <= plannedStatus.Progress)
        {
            return planned;
        }

        var keep = new Dictionary<string, Resource>(StringComparer.Ordinal);
        foreach (var resource in new Resource?[] { stored.Task, stored.ServiceRequest, stored.Appointment }.Concat(stored.Requests).OfType<Resource>())
        {
            keep[$"{resource.TypeName}/{resource.Id}"] = resource;
        }

        return [.. planned.Select(r => keep.TryGetValue($"{r.TypeName}/{r.Id}", out var s) ? s : r)];
    }

    /// <summary>The Task moved to <paramref name="to"/>: businessStatus and the paired status, lastModified the change time.</summary>
    public static Task Move(Task task, BusinessStatus to, DateTimeOffset at)
    {
        var moved = (Task)task.DeepCopy();
        moved.Status = to.TaskStatus;
        moved.BusinessStatus = to.Concept;
        moved.LastModified = FhirTime.Of(at);
        return moved;
    }

    public static ServiceRequest Move(ServiceRequest serviceRequest, BusinessStatus to)
    {
        var moved = (ServiceRequest)serviceRequest.DeepCopy();
        moved.Status = to.ServiceRequestStatus;
        return moved;
    }
}
