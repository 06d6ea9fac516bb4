using BoneMets.Fhir.Options;
using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage.Findings;
using BoneMets.Fhir.Triage.Scores;

namespace BoneMets.Fhir.Triage.Rules;

/// <summary>
/// Long bones. Published: Mirels 1989 bands (≤ 7 radiotherapy and observation; 8 clinical judgement; ≥ 9 prophylactic
/// fixation). Local policy (scores.md, after BOAST 2022, which gives no hour-based deadline): Mirels ≥ 9, functional
/// pain in a weight-bearing bone (lower limb or peritrochanteric), or inability to bear weight → urgent
/// orthopaedic-oncology review; Mirels 8 → team discussion; ≤ 7 → radiation oncology (teams and urgencies:
/// Triage:Routing). An incomplete Mirels still routes when its bounds fall in one band (every item scores 1–3).
/// </summary>
public static class LongBoneRules
{
    private const string BoastPolicy = "local policy after BOAST, Management of Metastatic Bone Disease (British Orthopaedic Association, 2022)";

    public static IEnumerable<Indication> Evaluate(TriageEvidence evidence, TriageRoutingOptions routing)
    {
        foreach (var (lesion, scores) in evidence.Lesions())
        {
            if (scores.Mirels is { } mirels)
            {
                yield return Mirels(evidence, lesion, mirels, routing);
            }

            if (lesion.MirelsPain == MirelsPain.Functional && IsWeightBearing(lesion))
            {
                yield return Indication.Routed(routing.FunctionalPainWeightBearing, "long-bone-functional-pain",
                    $"Functional pain in a weight-bearing bone at {evidence.Label(lesion)}",
                    $"{BoastPolicy} (Triage:Routing:FunctionalPainWeightBearing)", [lesion.Source]);
            }
        }

        if (evidence.Findings.Sign(ObservationCodes.UnableToBearWeight) is { Value: true } unable)
        {
            yield return Indication.Routed(routing.UnableToBearWeight, "unable-to-bear-weight",
                "Unable to bear weight: a possible (impending) pathological fracture",
                $"{BoastPolicy} (Triage:Routing:UnableToBearWeight)", [unable.Source]);
        }
    }

    /// <summary>Lower limb or peritrochanteric (Mirels site item); an upper-limb lesion is not weight-bearing here.</summary>
    public static bool IsWeightBearing(BoneLesion lesion) => lesion.MirelsSite is MirelsSite.LowerLimb or MirelsSite.Peritrochanteric;

    private static Indication Mirels(TriageEvidence evidence, BoneLesion lesion, ScoreResult mirels, TriageRoutingOptions routing)
    {
        var label = evidence.Label(lesion);
        var bounds = ScoreBounds.OfMirels(mirels);
        var missing = string.Join(", ", mirels.Missing);
        var source = $"{Scores.Mirels.Source}; team and urgency: {BoastPolicy}";
        if (bounds.Lowest >= Scores.Mirels.FixationMinimum)
        {
            var total = mirels.Total is { } t ? $"Mirels {t}" : $"Mirels at least {bounds.Lowest} (missing: {missing})";
            return Indication.Routed(routing.MirelsFixation, "mirels-prophylactic-fixation",
                $"{total} at {label}: ≥ 9, prophylactic fixation recommended (fracture risk ≥ about 33%)",
                source + " (Triage:Routing:MirelsFixation)", [lesion.Source]);
        }

        if (bounds.Highest <= Scores.Mirels.ObservationMaximum)
        {
            var total = mirels.Total is { } t ? $"Mirels {t}" : $"Mirels at most {bounds.Highest} (missing: {missing})";
            return Indication.Routed(routing.MirelsObservation, "mirels-radiotherapy-observation",
                $"{total} at {label}: ≤ 7, radiotherapy and observation (fracture risk ≤ about 4%)",
                source + " (Triage:Routing:MirelsObservation)", [lesion.Source]);
        }

        if (mirels.Total == Scores.Mirels.ClinicalJudgement)
        {
            return Indication.Routed(routing.MirelsClinicalJudgement, "mirels-clinical-judgement",
                $"Mirels 8 at {label}: clinical judgement (fracture risk about 15%); team discussion",
                source + " (Triage:Routing:MirelsClinicalJudgement)", [lesion.Source]);
        }

        return Indication.Routed(routing.MirelsIncomplete, "mirels-incomplete",
            $"Mirels not computed at {label}: between {bounds.Lowest} and {bounds.Highest} until {missing} arrive (requested); fracture risk unknown",
            $"{Scores.Mirels.Source}; local policy (Triage:Routing:MirelsIncomplete)", [lesion.Source]);
    }
}
