using BoneMets.Fhir.Case;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Terminology;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Triage;

/// <summary>
/// First triage: the MSCC red flags (NICE NG234) and the corrected-calcium bands (scores.md), everything else
/// routine. Routing follows the same findings plus where the lesions are. The full score engine replaces it.
/// </summary>
public sealed class RedFlagTriage(TriageOptions options, Deadlines deadlines) : ITriage
{
    private const string Nice = "NICE NG234 (2023), metastatic spinal cord compression";
    private const string CalciumSource = "scores.md: corrected calcium bands and CTCAE v5; local policy for urgency";

    public string Method => "BoneMets red-flag triage 1.0 (MSCC red flags, corrected calcium)";

    public TriageDecision Assess(ConsultCase consultCase, DateTimeOffset now)
    {
        var reasons = new List<(Urgency Urgency, TriageReason Reason, string[] Teams)>();
        var findings = Present(consultCase.Observations);

        foreach (var flag in findings.Where(f => ObservationCodes.NeurologicalRedFlags.Contains(f.Code)))
        {
            reasons.Add((Urgency.Emergency, new("mscc-neurology", $"MSCC neurological red flag: {flag.Code}.", Nice, [flag.Reference]),
                [CareTeams.NeurosurgicalSpine, CareTeams.RadiationOncology]));
        }

        foreach (var condition in consultCase.OtherConditions.Where(IsCordCompression))
        {
            reasons.Add((Urgency.Emergency, new("mscc-cord-compression", "Cord compression recorded (ICD-10-CM G95.2x).", Nice, [$"Condition/{condition.Id}"]),
                [CareTeams.NeurosurgicalSpine, CareTeams.RadiationOncology]));
        }

        foreach (var (lesion, grade) in EsccGrades(consultCase.LesionFindings).Where(g => g.Grade is "2" or "3"))
        {
            reasons.Add((Urgency.Emergency, new("mscc-escc-high-grade", $"High-grade epidural spinal cord compression (Bilsky ESCC {grade}).",
                "Bilsky MH et al. J Neurosurg Spine 2010;13:324-328; NICE NG234", [lesion]), [CareTeams.NeurosurgicalSpine, CareTeams.RadiationOncology]));
        }

        foreach (var sign in findings.Where(f => ObservationCodes.SpinalPainSuggestingMetastases.Contains(f.Code)))
        {
            reasons.Add((Urgency.Urgent, new("mscc-spinal-pain", $"Spinal pain suggesting metastases: {sign.Code}.", Nice, [sign.Reference]),
                [CareTeams.NeurosurgicalSpine]));
        }

        AddCalcium(consultCase, findings, reasons);
        AddSites(consultCase, reasons);
        if (reasons.Count == 0 || reasons.All(r => r.Teams.Length == 0))
        {
            reasons.Add((Urgency.Routine, new("default-team", "No rule routed the case elsewhere: the program's intake team.", "local policy (Triage:DefaultTeam)", []),
                [options.DefaultTeam]));
        }

        var urgency = reasons.Max(r => r.Urgency);
        var routes = reasons.SelectMany(r => r.Teams.Select(t => (Team: t, r.Reason.Text)))
            .GroupBy(x => x.Team).OrderBy(g => CareTeams.All.ToList().IndexOf(g.Key))
            .Select(g => new TeamRoute(g.Key, g.Select(x => x.Text).Distinct().ToList())).ToList();
        return new TriageDecision(urgency, deadlines.DueBy(urgency, now), deadlines.OutreachBy(now), routes,
            reasons.Select(r => r.Reason).ToList(), Missing(consultCase, findings), []);
    }

    private void AddCalcium(ConsultCase consultCase, IReadOnlyList<Finding> findings, List<(Urgency, TriageReason, string[])> reasons)
    {
        if (CorrectedCalcium.From(consultCase.Observations, options.CalciumUpperLimitMgPerDl) is not { Problems.Count: 0 } calcium)
        {
            return;
        }

        var features = findings.Where(f => ObservationCodes.HypercalcaemiaEmergencyFeatures.Contains(f.Code)).ToList();
        var text = $"Corrected calcium {calcium.MgPerDl} mg/dL: {calcium.Band.ToString().ToLowerInvariant()}, CTCAE grade {calcium.CtcaeGrade}";
        var evidence = calcium.DerivedFrom.Concat(features.Select(f => f.Reference)).ToList();
        Urgency? urgency = calcium switch
        {
            { Band: CalciumBand.Severe } or { CtcaeGrade: 4 } => Urgency.Emergency,
            { CtcaeGrade: > 0 } when features.Count > 0 => Urgency.Emergency,
            { Band: CalciumBand.Moderate } => Urgency.Urgent,
            _ => null,
        };
        if (urgency is { } u)
        {
            var suffix = features.Count > 0 ? $", with {string.Join(", ", features.Select(f => f.Code))}." : ".";
            reasons.Add((u, new("hypercalcaemia", text + suffix, CalciumSource, evidence), [CareTeams.MedicalOncology]));
        }
    }

    private static void AddSites(ConsultCase consultCase, List<(Urgency, TriageReason, string[])> reasons)
    {
        foreach (var lesion in consultCase.LesionFindings)
        {
            var spinal = Component(lesion, ObservationCodes.SpinalLevel) is not null;
            var longBone = Component(lesion, ObservationCodes.MirelsSite) is not null
                || lesion.BodySite?.Coding.Any(c => c.Code is ClinicalCodes.SnomedFemur or ClinicalCodes.SnomedHumerus) == true;
            if (spinal)
            {
                reasons.Add((Urgency.Routine, new("site-spine", "Spinal metastasis: spine team assessment.", "program routing policy", [$"Observation/{lesion.Id}"]),
                    [CareTeams.NeurosurgicalSpine]));
            }
            else if (longBone)
            {
                reasons.Add((Urgency.Routine, new("site-long-bone", "Long-bone metastasis: orthopaedic oncology assessment.", "program routing policy", [$"Observation/{lesion.Id}"]),
                    [CareTeams.OrthopaedicOncology]));
            }
        }
    }

    private static List<MissingInput> Missing(ConsultCase consultCase, IReadOnlyList<Finding> findings)
    {
        var missing = new List<MissingInput>();
        if (!consultCase.Observations.Any(o => o.Code.Coding.Any(c => c.System == CodeSystems.Loinc && c.Code == ClinicalCodes.LoincCalcium)))
        {
            missing.Add(new("Serum calcium and albumin", "needed to rule out hypercalcaemia of malignancy, which can make the referral an emergency"));
        }

        var spinal = consultCase.LesionFindings.Where(l => Component(l, ObservationCodes.SpinalLevel) is not null).ToList();
        if (spinal.Count > 0 && EsccGrades(spinal).Count == 0)
        {
            missing.Add(new("MRI whole spine report", "needed to grade epidural cord compression (Bilsky ESCC)"));
        }

        return missing;
    }

    private static bool IsCordCompression(Condition c) => c.Code?.Coding.Any(x =>
        x.System == CodeSystems.Icd10Cm && x.Code is ClinicalCodes.Icd10CordCompressionUnspecified or ClinicalCodes.Icd10CordCompressionOther) == true;

    private static List<(string Lesion, string Grade)> EsccGrades(IEnumerable<Observation> lesions) => lesions
        .Select(l => (Lesion: $"Observation/{l.Id}", Grade: (Component(l, ObservationCodes.EsccGrade)?.Value as CodeableConcept)?.Coding.FirstOrDefault()?.Code))
        .Where(x => x.Grade is not null).Select(x => (x.Lesion, x.Grade!)).ToList();

    private static Observation.ComponentComponent? Component(Observation o, string code) =>
        o.Component.FirstOrDefault(c => c.Code.Coding.Any(x => x.System == CodeSystems.Observation && x.Code == code));

    private sealed record Finding(string Code, string Reference);

    /// <summary>Project-coded boolean findings recorded as present (valueBoolean true); "false" means looked for and absent.</summary>
    private static List<Finding> Present(IEnumerable<Observation> observations) => observations
        .Where(o => o.Status is not (ObservationStatus.EnteredInError or ObservationStatus.Cancelled) && o.Value is FhirBoolean { Value: true })
        .SelectMany(o => o.Code.Coding.Where(c => c.System == CodeSystems.Observation && c.Code is not null).Select(c => new Finding(c.Code!, $"Observation/{o.Id}")))
        .ToList();
}
