using System.Globalization;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage.Scores;

namespace BoneMets.Fhir.Triage.Rules;

/// <summary>
/// Hypercalcaemia of malignancy, on the corrected calcium and its two schemes (bands: mild 10.5–11.9, moderate
/// 12.0–13.9, severe ≥ 14 mg/dL; CTCAE v5 grades 1–4). Local policy (scores.md): severe, grade 4, or any level with
/// confusion, vomiting/dehydration, acute kidney injury or arrhythmia → emergency; moderate → urgent; the more urgent
/// of band and grade wins (13.8 mg/dL is moderate and grade 4: emergency). "Any level" means hypercalcaemic by
/// either scheme (band mild or above, or CTCAE grade ≥ 1). Mild hypercalcaemia still goes to medical oncology, routine.
/// <para>Albumin missing: the corrected value is not computed, but the policy never corrects downward, so the
/// measured calcium is a floor; a floor already in a band triages on that band (never under-triage) and says so.</para>
/// </summary>
public static class CalciumRules
{
    private const string Policy = "scores.md hypercalcaemia bands and CTCAE v5.0; urgency and team: local policy";

    public static IEnumerable<Indication> Evaluate(TriageEvidence evidence, TriageRoutingOptions routing)
    {
        var settings = evidence.Settings;
        var findings = evidence.Findings;
        var calcium = evidence.Scores.CorrectedCalcium;
        var features = findings.PresentSigns(ObservationCodes.HypercalcaemiaEmergencyFeatures);
        var featureSources = features.Select(f => findings.Signs[f].Source);
        if (Reading(evidence) is not var (value, floor))
        {
            yield break;
        }

        var described = Describe(evidence, value, floor);
        var band = CorrectedCalcium.BandFor(value);
        var grade = CtcaeHypercalcemia.GradeFor(value, settings.CalciumUpperLimitOfNormalMgPerDl);
        var evidenceRefs = calcium.DerivedFrom.Concat(findings.CalciumMgPerDl is { } m ? [m.Source] : []).Concat(featureSources).Distinct().ToList();
        var scheme = $"{described}: {band.Code} band, CTCAE v5 grade {grade}";
        if (!IsHypercalcaemic(value, settings))
        {
            yield return floor
                ? Indication.Note("calcium-incomplete", $"{scheme}: hypercalcaemia cannot be excluded until albumin arrives (requested).", Policy, evidenceRefs)
                : Indication.Note("calcium-normal", $"{scheme}: no hypercalcaemia.", Policy, evidenceRefs);
            yield break;
        }

        var withFeatures = features.Count > 0 ? $", with {string.Join(", ", features)}" : string.Empty;
        var (setting, rule, why) = (band, grade, features.Count) switch
        {
            _ when band == CorrectedCalcium.Severe => (nameof(routing.HypercalcaemiaEmergency), "hypercalcaemia-severe", "severe"),
            (_, 4, _) => (nameof(routing.HypercalcaemiaEmergency), "hypercalcaemia-grade-4", "CTCAE grade 4 (the more urgent of band and grade)"),
            (_, _, > 0) => (nameof(routing.HypercalcaemiaEmergency), "hypercalcaemia-with-features", "hypercalcaemia with an emergency feature"),
            _ when band == CorrectedCalcium.Moderate => (nameof(routing.HypercalcaemiaModerate), "hypercalcaemia-moderate", "moderate"),
            _ => (nameof(routing.HypercalcaemiaMild), "hypercalcaemia-mild", "mild hypercalcaemia"),
        };
        var policy = routing.All().Single(p => p.Name == setting).Policy;
        yield return Indication.Routed(policy, rule, $"{scheme}{withFeatures}: {why}", $"{Policy} (Triage:Routing:{setting})", evidenceRefs);
    }

    /// <summary>The corrected calcium (mg/dL); else, with albumin missing, the measured calcium as a floor; else null.</summary>
    public static (decimal Value, bool Floor)? Reading(TriageEvidence evidence)
    {
        if (evidence.Scores.CorrectedCalcium.Quantities.FirstOrDefault(q => q.Unit == "mg/dL") is { } corrected)
        {
            return (corrected.Value, false);
        }

        return evidence.Findings.CalciumMgPerDl is { } measured && !evidence.Settings.CorrectCalciumWhenAlbuminAbove4
            ? (Math.Round(measured.Value, 2, MidpointRounding.AwayFromZero), true)
            : null;
    }

    /// <summary>
    /// What was computed, in words: "Corrected calcium 12.42 mg/dL"; "Calcium 14.20 mg/dL, measured and not corrected
    /// (albumin 4.3 g/dL is above 4.0: local policy Triage:CorrectCalciumWhenAlbuminAbove4)"; the albumin-missing floor.
    /// A calcium sent in mmol/L says so ("3.55 mmol/L as sent").
    /// </summary>
    public static string Describe(TriageEvidence evidence, decimal value, bool floor)
    {
        var findings = evidence.Findings;
        var sent = findings.CalciumMgPerDl is { AsSent: { } s } && !s.EndsWith(" mg/dL", StringComparison.OrdinalIgnoreCase) ? $" ({s} as sent)" : string.Empty;
        return CorrectedCalcium.BasisOf(findings, evidence.Settings) switch
        {
            _ when floor => $"Measured calcium {Show(value)} mg/dL{sent} with albumin missing (a floor: the correction never lowers it under local policy)",
            CalciumBasis.MeasuredAlbuminAbove4 => $"Calcium {Show(value)} mg/dL{sent}, measured and not corrected (albumin {findings.AlbuminGPerDl!.Value} g/dL is above 4.0: local policy Triage:CorrectCalciumWhenAlbuminAbove4)",
            _ => $"Corrected calcium {Show(value)} mg/dL",
        };
    }

    /// <summary>Hypercalcaemic by either scheme: band mild or above, or CTCAE grade 1 or above (ULN from the settings).</summary>
    public static bool IsHypercalcaemic(decimal mgPerDl, ScoreSettings settings) =>
        CorrectedCalcium.BandFor(mgPerDl) != CorrectedCalcium.NotHypercalcaemic
        || CtcaeHypercalcemia.GradeFor(mgPerDl, settings.CalciumUpperLimitOfNormalMgPerDl) > 0;

    public static string Show(decimal mgPerDl) => mgPerDl.ToString("0.00", CultureInfo.InvariantCulture);
}
