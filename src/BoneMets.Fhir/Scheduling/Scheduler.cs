using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Lifecycle;
using BoneMets.Fhir.Logging;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Search;
using BoneMets.Fhir.Store;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Logging;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Scheduling;

/// <summary>
/// One scheduling pass: book each proposed Appointment on the earliest free Slot before its deadline, free the
/// Slots of cancelled referrals, and escalate referrals whose deadline nears unbooked. Every local change goes
/// through <see cref="IReferralChanges"/>; the referral's cancellation is checked before booking and again, under
/// the referral's lock, at the commit — a booking that lost that race is released on the server.
/// </summary>
public sealed class Scheduler(
    SchedulingServer server, SchedulingOptions options, ReferralRecords records, ILifecycleStore lifecycle, IReferralChanges changes,
    ReferralLocks locks, TimeProvider clock, ILogger<Scheduler> logger)
{
    public const string BookedReason = "scheduled";
    public const string SlotReleasedMarker = "slot-released";
    public const string AttendedReason = "attended";

    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        foreach (var appointment in await records.SearchAsync<Appointment>("Appointment", "status", "proposed", cancellationToken))
        {
            if (await KeyOfAsync(appointment, cancellationToken) is not { } key)
            {
                continue;
            }

            try
            {
                await BookAsync(key, appointment, cancellationToken);
            }
            catch (HttpRequestException e)
            {
                Log.SchedulingFailed(logger, appointment.Id!, e.GetType().Name);
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                Log.SchedulingFailed(logger, appointment.Id!, e.GetType().Name);
            }

            await WatchDeadlineAsync(key, cancellationToken);
        }

        await ReleaseCancelledAsync(cancellationToken);
        await FollowBookedAsync(cancellationToken);
    }

    /// <summary>Booked visits the scheduling server marks fulfilled or noshow: Task 5.1.4 or 5.1.2 (one read per booked visit per pass).</summary>
    private async Task FollowBookedAsync(CancellationToken cancellationToken)
    {
        foreach (var appointment in await records.SearchAsync<Appointment>("Appointment", "status", "booked", cancellationToken))
        {
            if (await KeyOfAsync(appointment, cancellationToken) is not { } key)
            {
                continue;
            }

            try
            {
                if (await server.StatusOfAsync(SchedulingServer.IdentifierOf(appointment), cancellationToken) is not
                    ({ } outcome and (Appointment.AppointmentStatus.Fulfilled or Appointment.AppointmentStatus.Noshow)))
                {
                    continue;
                }

                using var held = await locks.AcquireAsync(key, cancellationToken);
                var changed = LifecycleTransitions.Attend(await records.ReadAsync(key, cancellationToken), outcome, clock.GetUtcNow());
                if (changed.Count > 0)
                {
                    await changes.CommitChangeAsync(new ReferralChange(key, AttendedReason, changed), clock.GetUtcNow(), cancellationToken);
                    Log.VisitOutcome(logger, appointment.Id!, outcome.ToString());
                }
            }
            catch (HttpRequestException e)
            {
                Log.SchedulingFailed(logger, appointment.Id!, e.GetType().Name);
            }
        }
    }

    private async Task BookAsync(string key, Appointment appointment, CancellationToken cancellationToken)
    {
        if (await lifecycle.CancelledAtAsync(key, cancellationToken) is not null
            || appointment.RequestedPeriod.FirstOrDefault()?.EndElement?.ToDateTimeOffset(TimeSpan.Zero) is not { } deadline)
        {
            return;
        }

        var team = appointment.Participant.Select(p => p.Actor?.Reference).FirstOrDefault(r => r?.StartsWith("HealthcareService/", StringComparison.Ordinal) == true)?.Split('/')[1];
        if (team is null || !options.Schedules.TryGetValue(team, out var scheduleId))
        {
            Log.NoSchedule(logger, team ?? "(none)", appointment.Id!);
            await EscalateAsync(key, EscalationKind.NoSlot, $"No schedule is configured for team {team ?? "(none)"}; book the first visit by hand before {FhirTime.Of(deadline)}.", cancellationToken);
            return;
        }

        var identifier = SchedulingServer.IdentifierOf(appointment);
        var booking = (await server.FindBookedAsync(identifier, cancellationToken))?.Booking;
        var attempts = 0;
        if (booking is null)
        {
            await foreach (var slot in server.FreeSlotsAsync(scheduleId, clock.GetUtcNow(), deadline, cancellationToken))
            {
                if (++attempts > options.MaxSlotsTried || await lifecycle.CancelledAtAsync(key, cancellationToken) is not null)
                {
                    return; // tried enough this pass, or cancelled meanwhile: book nothing
                }

                var result = await server.BookAsync(slot, appointment, cancellationToken);
                if (result is BookResult.Booked booked)
                {
                    booking = booked.Booking;
                    break;
                }

                if (result is BookResult.AlreadyBooked already)
                {
                    // Another scheduler booked this referral first: give back the Slot just taken and adopt its booking.
                    await server.FreeSlotAsync(already.SlotId, cancellationToken);
                    booking = (await server.FindBookedAsync(identifier, cancellationToken))?.Booking;
                    break;
                }

                Log.SlotTaken(logger, slot.Id!);
            }
        }

        if (booking is null)
        {
            Log.NoSlot(logger, appointment.Id!, scheduleId);
            await EscalateAsync(key, EscalationKind.NoSlot,
                $"No free slot on the {team} schedule before the deadline {FhirTime.Of(deadline)}; the appointment stays proposed. Book it by hand or extend the schedule.",
                cancellationToken);
            return;
        }

        await CommitBookingAsync(key, appointment, identifier, booking, attempts, cancellationToken);
    }

    private async Task CommitBookingAsync(
        string key, Appointment appointment, string identifier, Booking booking, int attempts, CancellationToken cancellationToken)
    {
        using (await locks.AcquireAsync(key, cancellationToken))
        {
            if (await lifecycle.CancelledAtAsync(key, cancellationToken) is null)
            {
                var changed = LifecycleTransitions.Book(await records.ReadAsync(key, cancellationToken), booking, clock.GetUtcNow());
                if (changed.Count > 0)
                {
                    await changes.CommitChangeAsync(new ReferralChange(key, BookedReason, changed), clock.GetUtcNow(), cancellationToken);
                    Log.AppointmentBooked(logger, appointment.Id!, booking.SlotReference, attempts);
                }

                return;
            }
        }

        // The referrer cancelled while the booking was in flight: the visit must not stand.
        Log.BookingRaced(logger, appointment.Id!);
        await server.ReleaseAsync(identifier, cancellationToken);
        await lifecycle.MarkAsync(key, SlotReleasedMarker, clock.GetUtcNow(), cancellationToken);
    }

    /// <summary>Cancelled referrals' Appointments: cancel them on the server and free their Slots, once each.</summary>
    private async Task ReleaseCancelledAsync(CancellationToken cancellationToken)
    {
        foreach (var appointment in await records.SearchAsync<Appointment>("Appointment", "status", "cancelled", cancellationToken))
        {
            if (await KeyOfAsync(appointment, cancellationToken) is not { } key || await lifecycle.IsMarkedAsync(key, SlotReleasedMarker, cancellationToken))
            {
                continue;
            }

            try
            {
                if (await server.ReleaseAsync(SchedulingServer.IdentifierOf(appointment), cancellationToken))
                {
                    Log.SlotReleased(logger, appointment.Id!);
                }

                await lifecycle.MarkAsync(key, SlotReleasedMarker, clock.GetUtcNow(), cancellationToken);
            }
            catch (HttpRequestException e)
            {
                Log.SchedulingFailed(logger, appointment.Id!, e.GetType().Name);
            }
        }
    }

    /// <summary>The deadline is within the lead time and the visit is still not booked: alert the coordinator, once.</summary>
    private async Task WatchDeadlineAsync(string key, CancellationToken cancellationToken)
    {
        var record = await records.ReadAsync(key, cancellationToken);
        if (record.Appointment is not { Status: Appointment.AppointmentStatus.Proposed } appointment || record.Status is { IsTerminal: true }
            || appointment.RequestedPeriod.FirstOrDefault()?.EndElement?.ToDateTimeOffset(TimeSpan.Zero) is not { } deadline
            || clock.GetUtcNow() < deadline - options.EscalationLead)
        {
            return;
        }

        await EscalateAsync(key, EscalationKind.DeadlineApproaching,
            $"The deadline {FhirTime.Of(deadline)} is near and no appointment is booked; see the patient or book by hand.", cancellationToken);
    }

    /// <summary>
    /// Commits the escalation, then marks it sent. The id and content are fixed by the referral and kind (the
    /// time is the deadline's), so a crash between the two re-commits the same resource: no new version, no second one.
    /// </summary>
    private async Task EscalateAsync(string key, EscalationKind kind, string reason, CancellationToken cancellationToken)
    {
        var role = Escalations.Role(kind);
        if (await lifecycle.IsMarkedAsync(key, role, cancellationToken))
        {
            return;
        }

        var record = await records.ReadAsync(key, cancellationToken);
        if (record.Task is null || record.Status is { IsTerminal: true })
        {
            return;
        }

        var at = record.Task.Restriction?.Period?.EndElement?.ToDateTimeOffset(TimeSpan.Zero) ?? clock.GetUtcNow();
        var request = Escalations.ToCoordinator(record, kind, options.Coordinator, reason, kind == EscalationKind.DeadlineApproaching ? at - options.EscalationLead : at);
        await changes.CommitChangeAsync(new ReferralChange(key, role, [request]), clock.GetUtcNow(), cancellationToken);
        await lifecycle.MarkAsync(key, role, clock.GetUtcNow(), cancellationToken);
        Log.EscalationRaised(logger, role, record.Task.Id!);
    }

    /// <summary>The referral key of the ServiceRequest the Appointment is based on.</summary>
    private async Task<string?> KeyOfAsync(Appointment appointment, CancellationToken cancellationToken)
    {
        var reference = appointment.BasedOn.FirstOrDefault()?.Reference;
        var found = reference is null ? []
            : await records.SearchAsync<ServiceRequest>("ServiceRequest", "_id", ReferenceValue.Normalize(reference).Split('/')[^1], cancellationToken);
        return found.Count > 0 ? ReferralMessage.KeyOf(found[0]) : null;
    }
}
