using BoneMets.Fhir.Options;

namespace BoneMets.Fhir.Triage;

/// <summary>The program's clock: the visit deadline per urgency (local policy) and same-day outreach.</summary>
public sealed class Deadlines(TriageOptions triage, ProgramOptions program)
{
    private readonly TimeZoneInfo zone = program.ResolveTimeZone();

    public DateTimeOffset DueBy(Urgency urgency, DateTimeOffset now) => now + urgency switch
    {
        Urgency.Emergency => triage.EmergencyWithin,
        Urgency.Urgent => triage.UrgentWithin,
        _ => triage.RoutineWithin,
    };

    /// <summary>The end of the arrival day in the program's time zone: "outreach the same day".</summary>
    public DateTimeOffset OutreachBy(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var midnight = new DateTime(local.Year, local.Month, local.Day, 0, 0, 0, DateTimeKind.Unspecified).AddDays(1);
        return new DateTimeOffset(midnight, zone.GetUtcOffset(midnight)).ToUniversalTime();
    }
}
