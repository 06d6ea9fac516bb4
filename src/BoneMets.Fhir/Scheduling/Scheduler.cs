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

/// <summary>How one attempt to book a referral's first visit ended.</summary>
public enum VisitBooking
{
    /// <summary>A Slot was taken and the booking committed locally (Task 5.1.1, Appointment booked).</summary>
    Booked,

    /// <summary>It was booked already (by an earlier pass, a colleague, or a double click): nothing changed.</summary>
    AlreadyBooked,

    /// <summary>No Schedule is configured for the routed team (the coordinator is alerted once).</summary>
    NoSchedule,

    /// <summary>No free Slot before the deadline (the coordinator is alerted once), or enough tried this pass.</summary>
    NoSlot,

    /// <summary>Nothing to book: no proposed Appointment, no deadline, or the referral cancelled or closed.</summary>
    NotBookable,
}

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

    private readonly BookedVisits visits = new(server, records, lifecycle, changes, locks, clock, logger);
    private readonly CoordinatorAlerts alerts = new(options, records, lifecycle, changes, clock, logger);

    /// <summary>
    /// Books one referral's first visit now, by the same path as a pass (the coordinator's "Book visit"). Scheduling
    /// server failures are the caller's (<see cref="HttpRequestException"/>): the coordinator is told to try again.
    /// </summary>
    public async Task<VisitBooking> BookNowAsync(string key, CancellationToken cancellationToken)
    {
        var record = await records.ReadAsync(key, cancellationToken);
        return record.Appointment switch
        {
            { Status: Appointment.AppointmentStatus.Proposed } proposed => await BookAsync(key, proposed, cancellationToken),
            { Status: Appointment.AppointmentStatus.Booked } => VisitBooking.AlreadyBooked,
            _ => VisitBooking.NotBookable,
        };
    }

    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        foreach (var appointment in await records.SearchAsync<Appointment>("Appointment", "status", "proposed", cancellationToken))
        {
            if (await records.KeyOfAsync(appointment, cancellationToken) is not { } key)
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
            catch (StaleRecordException e)
            {
                // Another instance changed the referral between the read and the commit: the next pass reads it again and
                // adopts the booking the scheduling server already holds (or releases it, if the change was a cancellation).
                Log.SchedulingFailed(logger, appointment.Id!, e.GetType().Name);
            }

            await alerts.WatchDeadlineAsync(key, cancellationToken);
        }

        await visits.ReleaseCancelledAsync(cancellationToken);
        await visits.FollowAsync(cancellationToken);
    }

    private async Task<VisitBooking> BookAsync(string key, Appointment appointment, CancellationToken cancellationToken)
    {
        if (await lifecycle.CancelledAtAsync(key, cancellationToken) is not null
            || appointment.RequestedPeriod.FirstOrDefault()?.EndElement?.ToDateTimeOffset(TimeSpan.Zero) is not { } deadline)
        {
            return VisitBooking.NotBookable;
        }

        var team = appointment.Participant.Select(p => References.Of(p.Actor?.Reference)).FirstOrDefault(r => r?.ResourceType == "HealthcareService")?.Id;
        if (team is null || !options.Schedules.TryGetValue(team, out var scheduleId))
        {
            Log.NoSchedule(logger, team ?? "(none)", appointment.Id!);
            await alerts.RaiseAsync(key, EscalationKind.NoSlot, $"No schedule is configured for team {team ?? "(none)"}; book the first visit by hand before {FhirTime.Of(deadline)}.", cancellationToken);
            return VisitBooking.NoSchedule;
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
                    return VisitBooking.NoSlot; // tried enough this pass, or cancelled meanwhile: book nothing
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
            await alerts.RaiseAsync(key, EscalationKind.NoSlot,
                $"No free slot on the {team} schedule before the deadline {FhirTime.Of(deadline)}; the appointment stays proposed. Book it by hand or extend the schedule.",
                cancellationToken);
            return VisitBooking.NoSlot;
        }

        return await CommitBookingAsync(key, appointment, identifier, booking, attempts, cancellationToken);
    }

    private async Task<VisitBooking> CommitBookingAsync(
        string key, Appointment appointment, string identifier, Booking booking, int attempts, CancellationToken cancellationToken)
    {
        using (await locks.AcquireAsync(key, cancellationToken))
        {
            if (await lifecycle.CancelledAtAsync(key, cancellationToken) is null)
            {
                var record = await records.ReadAsync(key, cancellationToken);
                var decision = ReferralCommit.Change(record, LifecycleTransitions.Book(record, booking, clock.GetUtcNow()));
                if (decision.Write.Count > 0)
                {
                    // Checked against the Task as read (ADR 0015): a cancellation committed meanwhile by another instance wins.
                    await changes.CommitChangeAsync(new ReferralChange(key, BookedReason, decision.Write) { Expected = decision.Expected }, clock.GetUtcNow(), cancellationToken);
                    Log.AppointmentBooked(logger, appointment.Id!, booking.SlotReference, attempts);
                    return VisitBooking.Booked;
                }

                if (record.Appointment is { Status: Appointment.AppointmentStatus.Booked } held && held.Slot.FirstOrDefault()?.Reference == booking.SlotReference)
                {
                    return VisitBooking.AlreadyBooked; // this very booking was committed first (a second pass, a double click)
                }
            }
        }

        // The referrer cancelled, or the referral was closed or booked otherwise, while the booking was in flight:
        // the server's visit must not stand.
        Log.BookingRaced(logger, appointment.Id!);
        await server.ReleaseAsync(identifier, cancellationToken);
        await lifecycle.MarkAsync(key, BookedVisits.SlotReleasedMarker, clock.GetUtcNow(), cancellationToken);
        return VisitBooking.NotBookable;
    }
}
