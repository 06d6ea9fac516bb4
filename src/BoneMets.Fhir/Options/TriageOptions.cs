using System.ComponentModel.DataAnnotations;

namespace BoneMets.Fhir.Options;

/// <summary>
/// Local policy for how soon each urgency must be seen (scores.md: "local policy"; the program promises a visit
/// within one week, sooner when urgent). Section "Triage".
/// </summary>
public sealed class TriageOptions : IValidatableObject
{
    public const string Section = "Triage";

    /// <summary>Emergency (MSCC, severe hypercalcaemia): default 24 hours (NICE NG234: plan agreed within 24 hours).</summary>
    public TimeSpan EmergencyWithin { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Urgent: default 48 hours.</summary>
    public TimeSpan UrgentWithin { get; set; } = TimeSpan.FromHours(48);

    /// <summary>Routine: default 7 days (the program's one-week promise).</summary>
    public TimeSpan RoutineWithin { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Upper limit of normal for corrected calcium, mg/dL (CTCAE grade 1 starts above it). Default 10.5.</summary>
    [Range(8.0, 12.0)]
    public decimal CalciumUpperLimitMgPerDl { get; set; } = 10.5m;

    /// <summary>The team a case goes to when no rule routes it elsewhere. Default orthopaedic-oncology.</summary>
    [Required]
    public string DefaultTeam { get; set; } = Terminology.CareTeams.OrthopaedicOncology;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!(TimeSpan.Zero < EmergencyWithin && EmergencyWithin <= UrgentWithin && UrgentWithin <= RoutineWithin))
        {
            yield return new ValidationResult("Triage deadlines must be positive and ordered: EmergencyWithin <= UrgentWithin <= RoutineWithin.");
        }

        if (!Terminology.CareTeams.All.Contains(DefaultTeam))
        {
            yield return new ValidationResult($"Triage:DefaultTeam '{DefaultTeam}' is not one of {string.Join(", ", Terminology.CareTeams.All)}.", [nameof(DefaultTeam)]);
        }
    }
}
