using BoneMets.Fhir.Triage.Findings;

namespace BoneMets.Fhir.Triage.Scores;

/// <summary>How a Bilsky ESCC grade 1c is read; the grade has no agreed placement (Bilsky 2010).</summary>
public enum Escc1cPolicy
{
    /// <summary>Local policy default: low grade, flagged for spine team review.</summary>
    LowGradeWithSpineReview,
    /// <summary>Treat 1c as high grade.</summary>
    HighGrade,
}

/// <summary>
/// The local policies and configurable tables of the score engine. Every default is this project's
/// documented choice (shared/reference/scores.md, "local policy"), not a published rule.
/// </summary>
public sealed record ScoreSettings
{
    /// <summary>Lowest upper limit of normal accepted for serum calcium (mg/dL).</summary>
    public const decimal MinimumCalciumUln = 8.0m;

    /// <summary>
    /// The upper limit of normal must stay below 11.5 mg/dL, where CTCAE v5 grade 1 ends; otherwise grade 1
    /// would be empty.
    /// </summary>
    public const decimal MaximumCalciumUlnExclusive = 11.5m;

    public static ScoreSettings Default { get; } = new();

    /// <summary>NOMS "O": radiosensitivity by primary site. Default <see cref="RadiosensitivityTable.Laufer2013"/>.</summary>
    public IReadOnlyDictionary<PrimarySite, Radiosensitivity> Radiosensitivity { get; init; } = RadiosensitivityTable.Laufer2013;

    /// <summary>Citation of <see cref="Radiosensitivity"/>, repeated in the NOMS result. Change it with the table.</summary>
    public string RadiosensitivitySource { get; init; } = RadiosensitivityTable.Laufer2013Source;

    /// <summary>
    /// The laboratory's upper limit of normal for serum calcium, in mg/dL, used for CTCAE grade 1.
    /// Default 10.5 mg/dL. Must be in [8.0, 11.5).
    /// </summary>
    public decimal CalciumUpperLimitOfNormalMgPerDl
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, MinimumCalciumUln);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(value, MaximumCalciumUlnExclusive);
            field = value;
        }
    } = 10.5m;

    /// <summary>
    /// Whether to correct calcium downward when albumin is above 4.0 g/dL. Default false (local policy):
    /// the measured calcium is used and the result says the correction was not applied.
    /// </summary>
    public bool CorrectCalciumWhenAlbuminAbove4 { get; init; }

    /// <summary>How ESCC grade 1c is read. Default low grade, flagged for spine review (local policy).</summary>
    public Escc1cPolicy Escc1c { get; init; } = Escc1cPolicy.LowGradeWithSpineReview;
}
