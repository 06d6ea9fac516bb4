using BoneMets.Fhir.Triage;

namespace BoneMets.Fhir.Worklist;

/// <summary>Whether the referrer has been told the latest change: every write-back delivered, some pending, one parked, or no route at all.</summary>
public enum ReferrerInformed { NotRouted, Pending, Delivered, Parked }

/// <summary>
/// One open referral on the coordinator's worklist, with the columns of the worklist contract (Patient, Urgency,
/// Received, Outreach due, Visit due, Routes, Missing data, Referrer informed). <see cref="TaskVersion"/> is the
/// stored version of the Task the row was read from: an action posted from a page that shows an older one is refused.
/// </summary>
public sealed record WorklistRow(
    string ReferralKey,
    string TaskId,
    int TaskVersion,
    string BusinessStatus,
    string PatientName,
    string? Mrn,
    string? Referrer,
    Urgency Urgency,
    IReadOnlyList<string> Reasons,
    DateTimeOffset Received,
    OutreachDue Outreach,
    bool OutreachDone,
    DateTimeOffset VisitDue,
    DateTimeOffset? BookedAt,
    IReadOnlyList<string> Routes,
    IReadOnlyList<string> MissingData,
    ReferrerInformed Informed)
{
    public bool OutreachOverdue(DateTimeOffset now) => !OutreachDone && now >= Outreach.Due;

    public bool VisitOverdue(DateTimeOffset now) => BookedAt is null && now >= VisitDue;

    public bool Overdue(DateTimeOffset now) => OutreachOverdue(now) || VisitOverdue(now);

    /// <summary>The next promise the coordinator must keep: outreach until it is done, then the visit until it is booked.</summary>
    public DateTimeOffset NextDue
    {
        get
        {
            var outreach = OutreachDone ? DateTimeOffset.MaxValue : Outreach.Due;
            var visit = BookedAt is null ? VisitDue : DateTimeOffset.MaxValue;
            return outreach < visit ? outreach : visit;
        }
    }
}

/// <summary>What the coordinator narrowed the worklist to; null or false keeps every row.</summary>
public sealed record WorklistFilter(Urgency? Urgency = null, string? Route = null, bool OverdueOnly = false);

/// <summary>The worklist's order and filters. Pure: the instant is passed in.</summary>
public static class WorklistOrder
{
    /// <summary>Emergencies first, then the nearest due time (overdue rows are nearest), then the earliest received.</summary>
    public static IReadOnlyList<WorklistRow> Arrange(IEnumerable<WorklistRow> rows, WorklistFilter filter, DateTimeOffset now) =>
    [
        .. rows
            .Where(r => filter.Urgency is not { } urgency || r.Urgency == urgency)
            .Where(r => string.IsNullOrEmpty(filter.Route) || r.Routes.Contains(filter.Route, StringComparer.Ordinal))
            .Where(r => !filter.OverdueOnly || r.Overdue(now))
            .OrderByDescending(r => r.Urgency == Urgency.Emergency)
            .ThenBy(r => r.NextDue)
            .ThenBy(r => r.Received)
            .ThenBy(r => r.TaskId, StringComparer.Ordinal),
    ];
}
