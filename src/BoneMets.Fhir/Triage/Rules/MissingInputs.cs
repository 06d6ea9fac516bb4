using BoneMets.Fhir.Options;
using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage.Findings;
using BoneMets.Fhir.Triage.Scores;

namespace BoneMets.Fhir.Triage.Rules;

/// <summary>
/// What to ask the referring team for: inputs that could change the urgency or the routing, each with what is
/// needed and why (the spine's in <see cref="SpinalRequests"/>), and every item an incomplete Mirels lacks (the score
/// is part of the case the team reads, even when another rule set the urgency). Inputs only the prognostic scores need (Tokuhashi, Bauer, NESMS) are not asked for: their
/// Observations list them. When a value was sent but could not be used, the request says so (without the value).
/// </summary>
public static class MissingInputs
{
    public const string MriWholeSpine = SpinalRequests.MriWholeSpine;
    public const string NeurologicalAssessment = SpinalRequests.NeurologicalAssessment;

    public static IReadOnlyList<MissingInput> For(
        TriageEvidence evidence, TriageRoutingOptions routing, Urgency urgency, IReadOnlyCollection<string> routed)
    {
        bool CouldChange(RoutePolicy policy) => urgency < policy.Urgency || !routed.Contains(policy.Team);
        var findings = evidence.Findings;
        var missing = new List<MissingInput>();
        if (findings.Lesions.Count == 0)
        {
            missing.Add(new("Imaging report locating the bone metastases, with each lesion's characteristics",
                "needed to score fracture risk in long bones (Mirels) and instability and cord compression in the spine (SINS, Bilsky ESCC), which set the urgency and the teams"));
        }

        foreach (var lesion in findings.Lesions.Where(l => !l.IsSpinal && !l.IsLongBone && !evidence.LesionSites.ContainsKey(l.Source)))
        {
            missing.Add(new($"Site of the lesion {lesion.Source}",
                "the coded lesion does not say whether it is in a long bone (Mirels fracture risk) or the spine (SINS, cord compression), which decides the rules and teams that apply"));
        }

        SpinalRequests.Add(evidence, missing);

        foreach (var (lesion, scores) in evidence.Lesions())
        {
            if (scores.Sins is { Total: null } sins && ScoreBounds.OfSins(sins) is var s && (s.Straddles(Sins.IndeterminateMinimum) || s.Straddles(Sins.UnstableMinimum)))
            {
                missing.Add(new($"SINS items for {evidence.Label(lesion)}: {string.Join(", ", sins.Missing)}",
                    $"needed to score spinal instability (SINS, now between {s.Lowest} and {s.Highest}): from 7 a spine surgical consultation, 13–18 unstable" + Unusable(evidence, sins.Missing, lesion.Source)));
            }

            if (scores.Mirels is { Total: null } mirels)
            {
                missing.Add(Mirels(evidence, lesion, mirels));
            }
        }

        AddCalcium(evidence, missing, CouldChange(routing.HypercalcaemiaEmergency));

        if (!findings.Signs.ContainsKey(ObservationCodes.UnableToBearWeight) && CouldChange(routing.UnableToBearWeight)
            && findings.Lesions.Any(l => LongBoneRules.IsWeightBearing(l) && l.MirelsPain != MirelsPain.Functional))
        {
            missing.Add(new("Weight-bearing status (can the patient bear weight on the affected limb?)",
                "inability to bear weight with a lower-limb lesion means urgent orthopaedic-oncology review (local policy)"));
        }

        return missing;
    }

    /// <summary>
    /// Every item an incomplete Mirels lacks is asked for, even when its bounds already fall in one band (or another
    /// rule already set the urgency): the score is part of the case the team reads, and its total and fracture risk
    /// stay unknown until the item arrives.
    /// </summary>
    private static MissingInput Mirels(TriageEvidence evidence, BoneLesion lesion, ScoreResult mirels)
    {
        var m = ScoreBounds.OfMirels(mirels);
        var why = m.Straddles(Scores.Mirels.ClinicalJudgement) || m.Straddles(Scores.Mirels.FixationMinimum)
            ? $"needed to score fracture risk (Mirels, now between {m.Lowest} and {m.Highest}): 8 means team discussion, 9 or more prophylactic fixation (urgent orthopaedic review)"
            : $"needed to complete the Mirels score the team reads (now between {m.Lowest} and {m.Highest}: the band is already "
              + (m.Lowest >= Scores.Mirels.FixationMinimum ? "≥ 9, prophylactic fixation" : "≤ 7, radiotherapy and observation")
              + ", but the total and its fracture risk are not)";
        return new($"Mirels items for {evidence.Label(lesion)}: {string.Join(", ", mirels.Missing)}", why + Unusable(evidence, mirels.Missing, lesion.Source));
    }

    private static void AddCalcium(TriageEvidence evidence, List<MissingInput> missing, bool couldChange)
    {
        var findings = evidence.Findings;
        if (!couldChange)
        {
            return;
        }

        var features = findings.PresentSigns(ObservationCodes.HypercalcaemiaEmergencyFeatures);
        if (findings.CalciumMgPerDl is null)
        {
            var seen = features.Count > 0 ? $" ({string.Join(", ", features)} recorded)" : string.Empty;
            missing.Add(new(findings.AlbuminGPerDl is null ? "Serum calcium and albumin (same sample)" : "Serum calcium",
                "needed to rule out hypercalcaemia of malignancy: moderate is urgent; severe, CTCAE grade 4, or any level with confusion, vomiting or dehydration, acute kidney injury or arrhythmia is an emergency"
                + seen + Unusable(evidence, [FindingNames.SerumCalcium, FindingNames.SerumAlbumin], null)));
        }
        else if (findings.AlbuminGPerDl is null)
        {
            missing.Add(new("Serum albumin (same sample as the calcium)",
                "needed to correct the measured calcium for albumin: the corrected value sets the hypercalcaemia band and its urgency"
                + Unusable(evidence, [FindingNames.SerumAlbumin], null)));
        }

        var unrecorded = ObservationCodes.HypercalcaemiaEmergencyFeatures.Where(f => !findings.Signs.ContainsKey(f)).Order(StringComparer.Ordinal).ToList();
        if (CalciumRules.Reading(evidence) is var (value, _) && CalciumRules.IsHypercalcaemic(value, evidence.Settings) && features.Count == 0 && unrecorded.Count > 0)
        {
            missing.Add(new($"Hypercalcaemia symptoms and signs: {string.Join(", ", unrecorded)}",
                "any of them makes hypercalcaemia at any level an emergency (local policy); please record each as present or absent"));
        }
    }

    /// <summary>" The value sent in Observation/x could not be used: …" for each reader problem about these inputs.</summary>
    private static string Unusable(TriageEvidence evidence, IEnumerable<string> inputs, string? source)
    {
        var names = inputs.ToHashSet(StringComparer.Ordinal);
        var problems = evidence.Findings.Problems.Where(p => names.Contains(p.Finding) && (source is null || p.Source == source))
            .Select(p => $"{p.Source} ({p.Finding}): {p.Problem}").Distinct().ToList();
        return problems.Count == 0 ? string.Empty : ". What was sent could not be used: " + string.Join("; ", problems);
    }
}
