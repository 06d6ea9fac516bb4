using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Lifecycle;
using BoneMets.Fhir.Logging;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Store;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Logging;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Scheduling;

/// <summary>Alerts to the program coordinator: no slot before the deadline, or the deadline near and unbooked — each once per referral.</summary>
internal sealed class CoordinatorAlerts(
    SchedulingOptions options, ReferralRecords records, ILifecycleStore lifecycle, IReferralChanges changes, TimeProvider clock, ILogger logger)
{
    /// <summary>The deadline is within the lead time and the visit is still not booked: alert the coordinator, once.</summary>
    public async Task WatchDeadlineAsync(string key, CancellationToken cancellationToken)
    {
        var record = await records.ReadAsync(key, cancellationToken);
        if (record.Appointment is not { Status: Appointment.AppointmentStatus.Proposed } appointment || record.Status is { IsTerminal: true }
            || appointment.RequestedPeriod.FirstOrDefault()?.EndElement?.ToDateTimeOffset(TimeSpan.Zero) is not { } deadline
            || clock.GetUtcNow() < deadline - options.EscalationLead)
        {
            return;
        }

        await RaiseAsync(key, EscalationKind.DeadlineApproaching,
            $"The deadline {FhirTime.Of(deadline)} is near and no appointment is booked; see the patient or book by hand.", cancellationToken);
    }

    /// <summary>
    /// Commits the escalation, then marks it sent. The id is fixed by the referral and kind, so a crash between the
    /// two re-commits the same resource, never a second one; for the deadline escalation the content is fixed too
    /// (authored at deadline − lead), so that re-commit writes no new version.
    /// </summary>
    public async Task RaiseAsync(string key, EscalationKind kind, string reason, CancellationToken cancellationToken)
    {
        var role = Escalations.Role(kind);
        if (await lifecycle.IsMarkedAsync(key, role, cancellationToken))
        {
            return;
        }

        for (var round = 1; ; round++)
        {
            var record = await records.ReadAsync(key, cancellationToken);
            if (record.Task is null || record.Status is { IsTerminal: true })
            {
                return;
            }

            var deadline = record.Task.Restriction?.Period?.EndElement?.ToDateTimeOffset(TimeSpan.Zero);
            var at = kind == EscalationKind.DeadlineApproaching && deadline is { } due ? due - options.EscalationLead : clock.GetUtcNow();
            var decision = ReferralCommit.Change(record, [Escalations.ToCoordinator(record, kind, options.Coordinator, reason, at)]);
            try
            {
                // Checked against the Task as read (ADR 0015): a referral another instance cancelled or closed meanwhile
                // is decided again, and then escalates nothing.
                await changes.CommitChangeAsync(new ReferralChange(key, role, decision.Write) { Expected = decision.Expected }, clock.GetUtcNow(), cancellationToken);
            }
            catch (StaleRecordException) when (round < MaxRounds)
            {
                continue;
            }
            catch (StaleRecordException)
            {
                return; // still moving: the scheduler's next pass decides again
            }

            await lifecycle.MarkAsync(key, role, clock.GetUtcNow(), cancellationToken);
            Log.EscalationRaised(logger, role, record.Task.Id!);
            return;
        }
    }

    /// <summary>Decisions made again after a concurrent change before the escalation is left to the scheduler's next pass.</summary>
    private const int MaxRounds = 3;
}
