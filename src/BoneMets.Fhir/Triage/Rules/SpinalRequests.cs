using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage.Findings;

namespace BoneMets.Fhir.Triage.Rules;

/// <summary>
/// The requests about the spine, each asking for what is actually missing:
/// <list type="bullet">
/// <item>the Bilsky ESCC grade of a spinal lesion read from an MRI that was sent (the study or report is on file,
/// the grade is not) — not the MRI again; the whole-spine MRI when no MRI of the lesion was sent, or when
/// neurology, spinal pain or a cord-compression Condition is recorded and no spinal lesion is graded;</item>
/// <item>the neurological assessment when no encoding of neurological state (<see cref="NeurologicalState"/>) was
/// sent; with only a Frankel grade E, the NG234 signs Frankel does not grade (radicular pain, bladder or bowel);</item>
/// <item>medical fitness for surgery when a NOMS pathway depends on it (radioresistant, high-grade compression).</item>
/// </list>
/// </summary>
public static class SpinalRequests
{
    public const string MriWholeSpine = "MRI whole spine report";
    public const string NeurologicalAssessment =
        "Neurological assessment (limb weakness, difficulty walking, sensory loss, bladder or bowel function, radicular pain)";
    public const string FitnessForSurgery = "Medical fitness for surgery (NOMS systemic): can the patient tolerate separation surgery?";

    private const string WhyEscc = "ESCC 2–3 is an emergency (NICE NG234), and the grade sets the NOMS pathway";

    public static void Add(TriageEvidence evidence, List<MissingInput> missing)
    {
        var findings = evidence.Findings;
        var spinal = findings.Lesions.Where(l => l.IsSpinal).ToList();
        var spinalSigns = NeurologicalState.Deficits(findings).Count > 0
            || findings.PresentSigns(ObservationCodes.SpinalPainSuggestingMetastases).Count > 0
            || evidence.CordCompressions.Count > 0;

        var ungraded = spinal.Where(l => l.EsccGrade is null).ToList();
        foreach (var lesion in ungraded.Where(l => evidence.ImagingOf(l).IsMri))
        {
            missing.Add(new($"Bilsky ESCC grade for {evidence.Label(lesion)}",
                $"the MRI was sent ({evidence.ImagingOf(lesion).Describe()}) but the lesion carries no escc-grade component: the grade "
                + $"(0, 1a, 1b, 1c, 2 or 3, on axial T2 at the most compressed level) is what is missing; {WhyEscc}"));
        }

        var notFromMri = ungraded.Where(l => !evidence.ImagingOf(l).IsMri).ToList();
        if (notFromMri.Count > 0 || (spinalSigns && spinal.Count == 0))
        {
            var other = notFromMri.Where(l => evidence.ImagingOf(l).Any)
                .Select(l => $"{evidence.Label(l)} was read from {evidence.ImagingOf(l).Describe()}, which is not MRI").ToList();
            missing.Add(new(MriWholeSpine, $"needed to grade cord compression (Bilsky ESCC, read on axial T2 MRI): {WhyEscc}"
                + (other.Count > 0 ? $". The imaging sent cannot grade it: {string.Join("; ", other)}" : string.Empty)));
        }

        var examine = spinal.Count > 0 || spinalSigns || findings.Lesions.Count == 0;
        if (examine && !NeurologicalState.Assessed(findings))
        {
            missing.Add(new(NeurologicalAssessment,
                "any neurological symptom or sign in a person with cancer makes suspected cord compression an emergency (NICE NG234); please record each as present or absent, or send the Frankel grade"));
        }
        else if (examine && findings.FrankelGrade is { Value: FrankelGrade.E } frankel
            && !findings.Signs.Keys.Any(ObservationCodes.NeurologicalRedFlags.Contains))
        {
            missing.Add(new($"Neurological signs a Frankel grade does not record: {string.Join(", ", NeurologicalState.NotGradedByFrankel)}",
                $"the Frankel grade E sent ({frankel.Source}) grades motor and sensory function only; radicular pain or bladder or bowel dysfunction in a person with cancer still makes suspected cord compression an emergency (NICE NG234); please record each as present or absent"));
        }

        var awaitingFitness = evidence.Lesions()
            .Where(x => x.Scores.Noms?.Missing.Contains(ObservationCodes.FitForSurgery) == true)
            .Select(x => evidence.Label(x.Lesion)).ToList();
        if (awaitingFitness.Count > 0)
        {
            missing.Add(new(FitnessForSurgery,
                $"the NOMS pathway at {string.Join(", ", awaitingFitness)} depends on it: radioresistant histology with high-grade compression means separation surgery then radiosurgery if the patient can tolerate surgery, otherwise conventional radiotherapy (Laufer 2013). Record the treating team's judgement as Observation {ObservationCodes.FitForSurgery} (true or false)"));
        }
    }
}
