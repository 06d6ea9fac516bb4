using BoneMets.Fhir.Lifecycle;
using BoneMets.Fhir.Store;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Worklist;

/// <summary>How a coordinator's action ended: done, already done (a double click, or a colleague first), refused because the page was stale, or not possible now.</summary>
public enum ActionOutcome { Done, AlreadyDone, Stale, NotFound }

/// <summary>
/// Commits coordinator actions under the referral's lock, through <see cref="IReferralChanges"/> (the resources and
/// the referrer's delivery in one transaction). An action that finds nothing left to do is "already done" whatever
/// version the page showed, so a double click does it once; otherwise the page's Task version must still be the
/// stored one, so a coordinator never acts on what a colleague has since changed.
/// </summary>
public sealed class CoordinatorActions(WorklistReader reader, ReferralRecords records, ReferralLocks locks, IReferralChanges changes, IResourceStore store, TimeProvider clock)
{
    public const string OutreachReason = "coordinator-outreach";
    public const string MissingDataReason = "coordinator-missing-data";
    public const string ClosedReason = "coordinator-closed";

    public Task<ActionOutcome> RecordOutreachAsync(string taskId, int seenVersion, CancellationToken cancellationToken) =>
        ActAsync(taskId, seenVersion, OutreachReason, (record, at) => CoordinatorTransitions.RecordOutreach(record, at), cancellationToken);

    public Task<ActionOutcome> MissingDataReceivedAsync(string taskId, int seenVersion, string requestId, CancellationToken cancellationToken) =>
        ActAsync(taskId, seenVersion, MissingDataReason, (record, at) => CoordinatorTransitions.MissingDataReceived(record, requestId, at), cancellationToken);

    public Task<ActionOutcome> CloseAsync(string taskId, int seenVersion, string reason, CancellationToken cancellationToken) =>
        ActAsync(taskId, seenVersion, ClosedReason, (record, at) => CoordinatorTransitions.Close(record, reason, at), cancellationToken);

    private async Task<ActionOutcome> ActAsync(
        string taskId, int seenVersion, string reason, Func<ReferralRecord, DateTimeOffset, IReadOnlyList<Resource>> transition, CancellationToken cancellationToken)
    {
        if (await store.ReadAsync("Task", taskId, cancellationToken) is not { } stored
            || await reader.KeyOfAsync(Fhir.FhirJson.Parse<Hl7.Fhir.Model.Task>(stored.Json), cancellationToken) is not { } key)
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

        if (await store.ReadAsync("Task", taskId, cancellationToken) is not { } current || current.Version != seenVersion)
        {
            return ActionOutcome.Stale;
        }

        await changes.CommitChangeAsync(new ReferralChange(key, reason, changed), now, cancellationToken);
        return ActionOutcome.Done;
    }
}
