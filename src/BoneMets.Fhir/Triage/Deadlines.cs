using BoneMets.Fhir.Options;
using BoneMets.Fhir.Worklist;

namespace BoneMets.Fhir.Triage;

/// <summary>
/// The program's clock: the visit deadline per urgency (local policy) and same-day outreach, both counted from the
/// referral's receipt (ADR 0018).
/// </summary>
public sealed class Deadlines(TriageOptions triage, ProgramOptions program)
{
    private readonly BusinessDay businessDay = new(program.BusinessDay, program.ResolveTimeZone());

    public DateTimeOffset DueBy(Urgency urgency, DateTimeOffset received) => received + urgency switch
    {
        Urgency.Emergency => triage.EmergencyWithin,
        Urgency.Urgent => triage.UrgentWithin,
        _ => triage.RoutineWithin,
    };

    /// <summary>"Outreach the same day": the close of the business day of arrival, or the next business morning.</summary>
    public DateTimeOffset OutreachBy(DateTimeOffset received) => businessDay.OutreachBy(received).Due;

    public OutreachDue Outreach(DateTimeOffset received) => businessDay.OutreachBy(received);
}
