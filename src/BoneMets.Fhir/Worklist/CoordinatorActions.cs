using BoneMets.Fhir.Lifecycle;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Scheduling;
using BoneMets.Fhir.Store;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Worklist;

/// <summary>
/// How a coordinator's action ended: done, already done (a double click, or a colleague first), refused because the
/// page was stale, no such referral, no free slot before the deadline (book by hand), or the scheduling server did
/// not answer (try again).
/// </summary>
public enum ActionOutcome { Done, AlreadyDone, Stale, NotFound, NoSlot, SchedulingUnavailable }

/// <summary>
/// Commits coordinator actions under the referral's lock, through <see cref="IReferralChanges"/> (the resources and
/// the referrer's delivery in one transaction), checked against the Task version the action was decided from. An action that finds nothing left to do is "already done" whatever
/// version the page showed, so a double click does it once; otherwise the page's Task version must still be the
/// stored one, so a coordinator never acts on what a colleague has since changed.
/// </summary>
public sealed class CoordinatorActions(
    WorklistReader reader, ReferralRecords records, ReferralLocks locks, IReferralChanges changes, IResourceStore store,
    Scheduler scheduler, SchedulingOptions scheduling, TimeProvider clock)
{
    public const string OutreachReason = "coordinator-outreach";
    public const string MissingDataReason = "coordinator-missing-data";
    public const string ClosedReason = "coordinator-closed";
    public const string BookedByHandReason = "coordinator-booked";

    /// <summary>Whether "Book visit" can take a free Slot on the scheduling server; otherwise only a visit booked by hand.</summary>
    public bool SchedulingConfigured => scheduling.Enabled;

    public Task<ActionOutcome> RecordOutreachAsync(string taskId, int seenVersion, CancellationToken cancellationToken) =>
        ActAsync(taskId, seenVersion, OutreachReason, (record, at) => CoordinatorTransitions.RecordOutreach(record, at), cancellationToken);

    public Task<ActionOutcome> MissingDataReceivedAsync(string taskId, int seenVersion, string requestId, CancellationToken cancellationToken) =>
        ActAsync(taskId, seenVersion, MissingDataReason, (record, at) => CoordinatorTransitions.MissingDataReceived(record, requestId, at), cancellationToken);

    public Task<ActionOutcome> CloseAsync(string taskId, int seenVersion, string reason, CancellationToken cancellationToken) =>
        ActAsync(taskId, seenVersion, ClosedReason, (record, at) => CoordinatorTransitions.Close(record, reason, at), cancellationToken);

    /// <summary>A visit the coordinator arranged outside the scheduling server, at the time entered (already checked to be in the future).</summary>
    public Task<ActionOutcome> BookByHandAsync(string taskId, int seenVersion, ManualVisit visit, CancellationToken cancellationToken) =>
        ActAsync(taskId, seenVersion, BookedByHandReason, (record, at) => CoordinatorTransitions.BookByHand(record, visit, at), cancellationToken);

    /// <summary>
    /// The earliest free Slot before the deadline, by the scheduler's own path (<see cref="Scheduler.BookNowAsync"/>):
    /// the page's version is checked under the lock first, then the booking is made and committed as a scheduling
    /// pass would (a colleague's or the scheduler's booking of the same referral is adopted, never doubled).
    /// </summary>
    public async Task<ActionOutcome> BookVisitAsync(string taskId, int seenVersion, CancellationToken cancellationToken)
    {
        if (await KeyAsync(taskId, cancellationToken) is not { } key)
        {
            return ActionOutcome.NotFound;
        }

        using (await locks.AcquireAsync(key, cancellationToken))
        {
            var record = await records.ReadAsync(key, cancellationToken);
            if (record.Appointment is not { Status: Appointment.AppointmentStatus.Proposed } || !CoordinatorTransitions.CanBook(record))
            {
                return ActionOutcome.AlreadyDone;
            }

            if (!scheduling.Enabled)
            {
                return ActionOutcome.NoSlot;
            }

            if (!await IsCurrentAsync(taskId, seenVersion, cancellationToken))
            {
                return ActionOutcome.Stale;
            }
        }

        try
        {
            return await scheduler.BookNowAsync(key, cancellationToken) switch
            {
                VisitBooking.Booked => ActionOutcome.Done,
                VisitBooking.AlreadyBooked => ActionOutcome.AlreadyDone,
                VisitBooking.NoSchedule or VisitBooking.NoSlot => ActionOutcome.NoSlot,
                _ => ActionOutcome.Stale, // cancelled or closed while the page was open
            };
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return ActionOutcome.SchedulingUnavailable;
        }
    }

    private async Task<ActionOutcome> ActAsync(
        string taskId, int seenVersion, string reason, Func<ReferralRecord, DateTimeOffset, IReadOnlyList<Resource>> transition, CancellationToken cancellationToken)
    {
        if (await KeyAsync(taskId, cancellationToken) is not { } key)
        {
            return ActionOutcome.NotFound;
        }

        using var held = await locks.AcquireAsync(key, cancellationToken);
        var record = await records.ReadAsync(key, cancellationToken);
        var now = clock.GetUtcNow();
        var changed = transition(record, now);
        if (changed.Count == 0)
        {
            return ActionOutcome.AlreadyDone;
        }

        if (!await IsCurrentAsync(taskId, seenVersion, cancellationToken))
        {
            return ActionOutcome.Stale;
        }

        try
        {
            // Checked against the Task as read (ADR 0015): another instance's change committed meanwhile (the lock is this
            // instance's only) makes the page stale, and nothing is written.
            await changes.CommitChangeAsync(new ReferralChange(key, reason, changed) { Expected = ReferralCommit.Change(record, changed).Expected }, now, cancellationToken);
            return ActionOutcome.Done;
        }
        catch (StaleRecordException)
        {
            return ActionOutcome.Stale;
        }
    }

    private async Task<string?> KeyAsync(string taskId, CancellationToken cancellationToken) =>
        await store.ReadAsync("Task", taskId, cancellationToken) is { } stored
            ? await reader.KeyOfAsync(Fhir.FhirJson.Parse<Hl7.Fhir.Model.Task>(stored.Json), cancellationToken)
            : null;

    private async Task<bool> IsCurrentAsync(string taskId, int seenVersion, CancellationToken cancellationToken) =>
        await store.ReadAsync("Task", taskId, cancellationToken) is { } current && current.Version == seenVersion;
}
