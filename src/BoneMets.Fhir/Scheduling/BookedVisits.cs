using BoneMets.Fhir.Lifecycle;
using BoneMets.Fhir.Logging;
using BoneMets.Fhir.Store;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Logging;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Scheduling;

/// <summary>
/// What follows a booking, per pass: cancelled referrals' visits cancelled on the scheduling server and their
/// Slots freed (once each, marked), and booked visits' outcomes (fulfilled, noshow) brought into the Task.
/// </summary>
internal sealed class BookedVisits(
    SchedulingServer server, ReferralRecords records, ILifecycleStore lifecycle, IReferralChanges changes, ReferralLocks locks,
    TimeProvider clock, ILogger logger)
{
    public const string SlotReleasedMarker = "slot-released";
    public const string AttendedReason = "attended";

    /// <summary>Cancelled referrals' Appointments: cancel them on the server and free their Slots, once each.</summary>
    public async Task ReleaseCancelledAsync(CancellationToken cancellationToken)
    {
        foreach (var appointment in await records.SearchAsync<Appointment>("Appointment", "status", "cancelled", cancellationToken))
        {
            if (await records.KeyOfAsync(appointment, cancellationToken) is not { } key || await lifecycle.IsMarkedAsync(key, SlotReleasedMarker, cancellationToken))
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

    /// <summary>Booked visits the scheduling server marks fulfilled or noshow: Task 5.1.4 or 5.1.2 (one read per booked visit per pass).</summary>
    public async Task FollowAsync(CancellationToken cancellationToken)
    {
        foreach (var appointment in await records.SearchAsync<Appointment>("Appointment", "status", "booked", cancellationToken))
        {
            if (await records.KeyOfAsync(appointment, cancellationToken) is not { } key)
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
                var record = await records.ReadAsync(key, cancellationToken);
                var decision = ReferralCommit.Change(record, LifecycleTransitions.Attend(record, outcome, clock.GetUtcNow()));
                if (decision.Write.Count > 0)
                {
                    await changes.CommitChangeAsync(new ReferralChange(key, AttendedReason, decision.Write) { Expected = decision.Expected }, clock.GetUtcNow(), cancellationToken);
                    Log.VisitOutcome(logger, appointment.Id!, outcome.ToString());
                }
            }
            catch (HttpRequestException e)
            {
                Log.SchedulingFailed(logger, appointment.Id!, e.GetType().Name);
            }
            catch (StaleRecordException e)
            {
                Log.SchedulingFailed(logger, appointment.Id!, e.GetType().Name); // changed meanwhile by another instance: read again next pass
            }
        }
    }
}
