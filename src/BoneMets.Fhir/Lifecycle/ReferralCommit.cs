using System.Globalization;
using BoneMets.Fhir.WriteBack;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Lifecycle;

/// <summary>
/// A referral's state as the commit sees it: what processing planned (null: this version was processed before), the
/// write-back as stored, and the referrer's recorded cancellation, if any.
/// </summary>
public sealed record ReferralState(string ReferralKey, WriteBackPlan? Plan, ReferralRecord Stored, DateTimeOffset? CancelledAt);

/// <summary>
/// What one commit writes, and the versions it was decided from: "Type/id" → the version read (0: not stored yet). The
/// store applies the writes only while every one of those is still current (an optimistic check, ADR 0015), so a
/// decision made from a record another instance changed meanwhile is refused and made again from the new record.
/// </summary>
public sealed record CommitDecision(IReadOnlyList<Resource> Write, IReadOnlyDictionary<string, int> Expected, bool Cancelled)
{
    public static readonly CommitDecision Nothing = new([], new Dictionary<string, int>(), false);
}

/// <summary>
/// The decisions of a referral's commits, in one place and pure (tested by value): a first write-back keeps whatever
/// progress the stored record has (a replay never moves a booked or cancelled referral back to 3.0) and applies a
/// recorded cancellation (one that arrived before or during processing still ends in 6.0); a cancellation moves the
/// stored record. Each is checked against the Task's version as read — the Task is the referral's aggregate: every
/// lifecycle change moves it.
/// </summary>
public static class ReferralCommit
{
    public static CommitDecision Decide(ReferralState state)
    {
        if (state.Plan is not { } plan)
        {
            return CommitDecision.Nothing;
        }

        var planned = LifecycleTransitions.KeepProgress(plan.All, state.Stored);
        if (state.CancelledAt is { } at)
        {
            planned = ReferralRecord.Replace(planned, LifecycleTransitions.Cancel(ReferralRecord.From(state.ReferralKey, planned, plan.Task.Id!), at));
        }

        return new CommitDecision(planned, TaskVersion(state.Stored, plan.Task.Id!), state.CancelledAt is not null);
    }

    /// <summary>The referrer's cancellation applied to the stored record: what changes (nothing when there is nothing to cancel).</summary>
    public static CommitDecision Cancel(ReferralRecord stored, DateTimeOffset cancelledAt) =>
        LifecycleTransitions.Cancel(stored, cancelledAt) is { Count: > 0 } changed
            ? new CommitDecision(changed, TaskVersion(stored, stored.Task!.Id!), true)
            : CommitDecision.Nothing;

    /// <summary>A lifecycle change (booking, a visit's outcome) of the stored record, checked against the Task's version as read.</summary>
    public static CommitDecision Change(ReferralRecord stored, IReadOnlyList<Resource> changed) =>
        changed.Count > 0 && stored.Task is { Id: { } taskId }
            ? new CommitDecision(changed, TaskVersion(stored, taskId), false)
            : new CommitDecision(changed, new Dictionary<string, int>(), false);

    private static Dictionary<string, int> TaskVersion(ReferralRecord stored, string plannedTaskId) => new(StringComparer.Ordinal)
    {
        [$"Task/{stored.Task?.Id ?? plannedTaskId}"] = int.TryParse(stored.Task?.Meta?.VersionId, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0,
    };
}
