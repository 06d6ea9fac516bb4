using System.ComponentModel.DataAnnotations;
using BoneMets.Fhir.Triage.Findings;
using BoneMets.Fhir.Triage.Scores;

namespace BoneMets.Fhir.Triage;

/// <summary>
/// The triage's local policy (scores.md: "local policy"): how soon each urgency must be seen, how the score
/// engine treats the points the papers leave open, and which band routes where (<see cref="Routing"/>).
/// Published thresholds are not here: they are constants with their citations in Triage/Scores. Section "Triage".
/// </summary>
public sealed class TriageOptions : IValidatableObject
{
    public const string Section = "Triage";

    /// <summary>Emergency (MSCC, severe hypercalcaemia): default 24 hours (NICE NG234: plan agreed within 24 hours).</summary>
    public TimeSpan EmergencyWithin { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Urgent: default 48 hours ("same or next day"; outreach is the same day whatever the urgency).</summary>
    public TimeSpan UrgentWithin { get; set; } = TimeSpan.FromHours(48);

    /// <summary>Routine: default 7 days (the program's one-week promise).</summary>
    public TimeSpan RoutineWithin { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Upper limit of normal for corrected calcium, mg/dL (CTCAE grade 1 starts above it). Default 10.5.
    /// Must be in [8.0, 11.5): CTCAE grade 1 ends at 11.5 mg/dL.
    /// </summary>
    public decimal CalciumUpperLimitMgPerDl { get; set; } = 10.5m;

    /// <summary>Correct calcium downward when albumin is above 4.0 g/dL. Default false: never under-triage.</summary>
    public bool CorrectCalciumWhenAlbuminAbove4 { get; set; }

    /// <summary>How Bilsky ESCC 1c is read (no agreed placement). Default low grade, flagged for spine team review.</summary>
    public Escc1cPolicy Escc1c { get; set; } = Escc1cPolicy.LowGradeWithSpineReview;

    /// <summary>
    /// NOMS radiosensitivity by primary site. Default null: the cited Laufer 2013 examples
    /// (<see cref="RadiosensitivityTable.Laufer2013"/>). A configured table replaces it whole and needs
    /// <see cref="RadiosensitivitySource"/>.
    /// </summary>
    public Dictionary<PrimarySite, Radiosensitivity>? Radiosensitivity { get; set; }

    /// <summary>The citation of a configured <see cref="Radiosensitivity"/> table.</summary>
    public string? RadiosensitivitySource { get; set; }

    /// <summary>The team a case goes to when no rule routes it elsewhere. Default orthopaedic-oncology.</summary>
    [Required]
    public string DefaultTeam { get; set; } = Terminology.CareTeams.OrthopaedicOncology;

    /// <summary>Which band routes to which team, how urgently. Defaults in <see cref="TriageRoutingOptions"/>.</summary>
    public TriageRoutingOptions Routing { get; set; } = new();

    public ScoreSettings ToScoreSettings() => new()
    {
        CalciumUpperLimitOfNormalMgPerDl = CalciumUpperLimitMgPerDl,
        CorrectCalciumWhenAlbuminAbove4 = CorrectCalciumWhenAlbuminAbove4,
        Escc1c = Escc1c,
        Radiosensitivity = Radiosensitivity ?? RadiosensitivityTable.Laufer2013,
        RadiosensitivitySource = Radiosensitivity is null ? RadiosensitivityTable.Laufer2013Source : RadiosensitivitySource!,
    };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!(TimeSpan.Zero < EmergencyWithin && EmergencyWithin <= UrgentWithin && UrgentWithin <= RoutineWithin))
        {
            yield return new ValidationResult("Triage deadlines must be positive and ordered: EmergencyWithin <= UrgentWithin <= RoutineWithin.");
        }

        if (CalciumUpperLimitMgPerDl is < ScoreSettings.MinimumCalciumUln or >= ScoreSettings.MaximumCalciumUlnExclusive)
        {
            yield return new ValidationResult(
                $"Triage:CalciumUpperLimitMgPerDl must be in [{ScoreSettings.MinimumCalciumUln}, {ScoreSettings.MaximumCalciumUlnExclusive}) mg/dL.",
                [nameof(CalciumUpperLimitMgPerDl)]);
        }

        if (!Enum.IsDefined(Escc1c))
        {
            yield return new ValidationResult($"Triage:Escc1c '{Escc1c}' is not a policy.", [nameof(Escc1c)]);
        }

        if (Radiosensitivity is not null && string.IsNullOrWhiteSpace(RadiosensitivitySource))
        {
            yield return new ValidationResult(
                "Triage:RadiosensitivitySource must cite the configured Triage:Radiosensitivity table.", [nameof(RadiosensitivitySource)]);
        }

        if (!Terminology.CareTeams.All.Contains(DefaultTeam))
        {
            yield return new ValidationResult($"Triage:DefaultTeam '{DefaultTeam}' is not one of {string.Join(", ", Terminology.CareTeams.All)}.", [nameof(DefaultTeam)]);
        }

        foreach (var problem in Routing.Problems())
        {
            yield return new ValidationResult(problem, [nameof(Routing)]);
        }
    }
}
