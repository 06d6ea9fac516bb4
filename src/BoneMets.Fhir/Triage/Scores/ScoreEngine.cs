using BoneMets.Fhir.Triage.Findings;

namespace BoneMets.Fhir.Triage.Scores;

/// <summary>
/// Computes every score for one case. Pure: findings and settings in, results out.
/// <para>Per long-bone lesion: <see cref="Mirels"/>. Per spinal lesion: <see cref="Sins"/>,
/// <see cref="BilskyEscc"/>, <see cref="Noms"/>. Per patient: <see cref="TokuhashiRevised"/>,
/// <see cref="ModifiedBauer"/>, <see cref="Nesms"/>, <see cref="CorrectedCalcium"/>, <see cref="CtcaeHypercalcemia"/>.</para>
/// <para>Left out on purpose: the Tomita score (Spine 2001;26:298–306) and the new Katagiri score (2014),
/// whose point tables and cut-offs could not be confirmed from the publications available to the project;
/// SORG models and PathFx, whose fitted parameters are not published. Do not add them without the original paper.</para>
/// </summary>
public static class ScoreEngine
{
    public static ScoreReport Evaluate(ClinicalFindings findings, ScoreSettings settings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(settings);
        var lesions = findings.Lesions
            .Select(lesion => new LesionScores(
                lesion.Source,
                lesion.IsLongBone ? Mirels.Score(lesion) : null,
                lesion.IsSpinal ? Sins.Score(lesion) : null,
                lesion.IsSpinal ? BilskyEscc.Grade(lesion, settings.Escc1c) : null,
                lesion.IsSpinal ? Noms.Suggest(lesion, findings, settings) : null))
            .ToList();

        return new ScoreReport
        {
            Lesions = lesions,
            TokuhashiRevised = TokuhashiRevised.Score(findings),
            ModifiedBauer = ModifiedBauer.Score(findings),
            Nesms = Nesms.Score(findings),
            CorrectedCalcium = CorrectedCalcium.Calculate(findings, settings),
            CtcaeHypercalcemia = CtcaeHypercalcemia.Grade(findings, settings),
            Problems = findings.Problems,
        };
    }
}
