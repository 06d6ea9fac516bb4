using BoneMets.Fhir.Options;
using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage.Findings;
using BoneMets.Fhir.Triage.Scores;

namespace BoneMets.Fhir.Triage.Rules;

/// <summary>
/// Metastatic spinal cord compression (NICE NG234, which replaced CG75; quality standard QS56):
/// <list type="bullet">
/// <item>neurological symptoms or signs in a person with cancer → emergency (whole-spine MRI and a plan within 24 h),
/// in every encoding the guide accepts (<see cref="NeurologicalState"/>): an NG234 sign recorded present, or a Frankel
/// grade below E. Like the signs, a Frankel deficit needs no spinal lesion on file: NG234 asks for neurology in a
/// person with cancer, and the MRI that finds the lesion is what the emergency orders;</item>
/// <item>cord compression recorded (ICD-10-CM G95.2x) → emergency;</item>
/// <item>Bilsky ESCC 2–3 (high grade) → emergency;</item>
/// <item>spinal pain suggesting metastases without neurology → urgent (contact within 24 h, MRI within a week);</item>
/// <item>ESCC 1c read as low grade (local policy) → spine team review.</item>
/// </list>
/// The emergency routes to neurosurgical-spine and radiation-oncology, the two teams that decide between surgery and
/// radiotherapy; that is the published pathway, not configuration.
/// </summary>
public static class MsccRules
{
    public const string Nice = "NICE NG234 (2023, replaces CG75; QS56), metastatic spinal cord compression";

    public static readonly IReadOnlyList<string> EmergencyTeams = [CareTeams.NeurosurgicalSpine, CareTeams.RadiationOncology];

    public static IEnumerable<Indication> Evaluate(TriageEvidence evidence, TriageRoutingOptions routing)
    {
        var findings = evidence.Findings;
        var deficits = NeurologicalState.Deficits(findings);
        if (deficits.Count > 0)
        {
            yield return Emergency("mscc-neurology",
                $"Neurological symptoms or signs recorded ({NeurologicalState.Describe(deficits)}) in a person with cancer: suspected MSCC, an oncological emergency; whole-spine MRI and a treatment plan agreed within 24 hours.",
                Nice, [.. deficits.Select(d => d.Source).Distinct()]);
        }

        foreach (var condition in evidence.CordCompressions)
        {
            yield return Emergency("mscc-cord-compression",
                $"Cord compression recorded ({condition}, ICD-10-CM G95.2x): metastatic spinal cord compression, an oncological emergency.", Nice, [condition]);
        }

        foreach (var (lesion, scores) in evidence.Lesions())
        {
            if (lesion.EsccGrade is not { } grade || scores.Escc?.Band is not { } band)
            {
                continue;
            }

            var code = FindingCodes.EsccGrade.Code(grade);
            if (band == BilskyEscc.HighGrade)
            {
                var policy = grade == EsccGrade.Grade1c ? " (1c read as high grade: Triage:Escc1c)" : string.Empty;
                yield return Emergency("mscc-escc-high-grade",
                    $"Bilsky ESCC {code}{policy} at {evidence.Label(lesion)}: high-grade epidural cord compression; NICE NG234 treats ESCC 2–3 as an emergency.",
                    $"{BilskyEscc.Source}; {Nice}", [lesion.Source]);
            }
            else if (band == BilskyEscc.LowGradeSpineReview)
            {
                yield return Indication.Routed(routing.Escc1cReview, "escc-1c-spine-review",
                    $"Bilsky ESCC 1c at {evidence.Label(lesion)}: no agreed placement; read as low grade and flagged for spine team review (local policy).",
                    $"{BilskyEscc.Source}; local policy (Triage:Escc1c, Triage:Routing:Escc1cReview)", [lesion.Source]);
            }
        }

        var pain = findings.PresentSigns(ObservationCodes.SpinalPainSuggestingMetastases);
        if (pain.Count > 0)
        {
            yield return Indication.Routed(routing.SpinalPain, "mscc-spinal-pain",
                $"Spinal pain suggesting metastases ({string.Join(", ", pain)}): contact within 24 hours and MRI within 1 week",
                $"{Nice}; team and urgency: local policy (Triage:Routing:SpinalPain)", [.. pain.Select(p => findings.Signs[p].Source)]);
        }
    }

    private static Indication Emergency(string rule, string text, string source, IReadOnlyList<string> evidence) =>
        new(Urgency.Emergency, EmergencyTeams, new TriageReason(rule, text, source, evidence));
}
