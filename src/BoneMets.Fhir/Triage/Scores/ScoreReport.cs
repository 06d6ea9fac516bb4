using BoneMets.Fhir.Triage.Findings;

namespace BoneMets.Fhir.Triage.Scores;

/// <summary>Every score the engine computed for one case.</summary>
public sealed record ScoreReport
{
    /// <summary>One entry per bone-lesion Observation, in the order read.</summary>
    public required IReadOnlyList<LesionScores> Lesions { get; init; }

    public required ScoreResult TokuhashiRevised { get; init; }

    public required ScoreResult ModifiedBauer { get; init; }

    public required ScoreResult Nesms { get; init; }

    public required ScoreResult CorrectedCalcium { get; init; }

    public required ScoreResult CtcaeHypercalcemia { get; init; }

    /// <summary>The reader's problems, passed on so the report says what it could not use.</summary>
    public required IReadOnlyList<FindingProblem> Problems { get; init; }
}

/// <summary>
/// The scores of one lesion: Mirels for a long-bone lesion; SINS, Bilsky ESCC and NOMS for a spinal
/// lesion; null where the score does not apply to the lesion.
/// </summary>
public sealed record LesionScores(string Lesion, ScoreResult? Mirels, ScoreResult? Sins, ScoreResult? Escc, ScoreResult? Noms);
