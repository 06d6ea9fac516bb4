using BoneMets.Fhir.Case;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage.Findings;
using BoneMets.Fhir.Triage.Scores;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Triage.Rules;

/// <summary>What one rule found: how urgent, which teams (none for a reason that only explains), and why.</summary>
public sealed record Indication(Urgency Urgency, IReadOnlyList<string> Teams, TriageReason Reason)
{
    /// <summary>A rule whose team and urgency are local policy: the text ends with where it sends the case.</summary>
    public static Indication Routed(RoutePolicy policy, string rule, string text, string source, IReadOnlyList<string> evidence) =>
        new(policy.Urgency, [policy.Team], new TriageReason(rule, $"{text} → {policy}.", source, evidence));

    /// <summary>A reason that explains without routing (a stable SINS, a score that could not be computed).</summary>
    public static Indication Note(string rule, string text, string source, IReadOnlyList<string> evidence) =>
        new(Urgency.Routine, [], new TriageReason(rule, text, source, evidence));
}

/// <summary>
/// Everything the rules read, already typed: the findings, every score, and what the findings reader does not
/// type (cord-compression Conditions, the bodySite of each lesion Observation, as text, and the imaging each lesion
/// was read from: its derivedFrom ImagingStudy, the DiagnosticReports listing it in result, and their studies).
/// </summary>
public sealed record TriageEvidence(
    ScoreSettings Settings,
    ClinicalFindings Findings,
    ScoreReport Scores,
    IReadOnlyList<string> CordCompressions,
    IReadOnlyDictionary<string, string> LesionSites,
    IReadOnlyDictionary<string, LesionImaging> Imaging)
{
    private const string VerificationStatus = "http://terminology.hl7.org/CodeSystem/condition-ver-status";

    public static TriageEvidence From(ConsultCase consultCase, ScoreSettings settings)
    {
        var findings = FindingsReader.Read(consultCase.Resources);
        var cordCompressions = consultCase.OtherConditions.Where(IsCordCompression).Select(c => $"Condition/{c.Id}").ToList();
        var sites = consultCase.LesionFindings
            .Select(l => (Source: $"Observation/{l.Id}", Site: l.BodySite?.Text ?? l.BodySite?.Coding.FirstOrDefault(c => c.Display is not null)?.Display))
            .Where(l => !string.IsNullOrWhiteSpace(l.Site))
            .ToDictionary(l => l.Source, l => l.Site!, StringComparer.Ordinal);
        var imaging = consultCase.LesionFindings.Where(l => !string.IsNullOrEmpty(l.Id))
            .ToDictionary(l => $"Observation/{l.Id}", l => LesionImaging.Of(consultCase, l), StringComparer.Ordinal);
        return new TriageEvidence(settings, findings, ScoreEngine.Evaluate(findings, settings), cordCompressions, sites, imaging);
    }

    /// <summary>
    /// ICD-10-CM G95.2x (G95.20 cord compression, unspecified; G95.29 other) — standards.md §5: with C79.51 it is how
    /// metastatic spinal cord compression is coded. Refuted and entered-in-error Conditions do not count.
    /// </summary>
    public static bool IsCordCompression(Condition condition) =>
        condition.Code?.Coding.Any(c => c.System == CodeSystems.Icd10Cm && c.Code?.StartsWith("G95.2", StringComparison.Ordinal) == true) == true
        && condition.VerificationStatus?.Coding.Any(c => c.System == VerificationStatus && c.Code is "refuted" or "entered-in-error") != true;

    /// <summary>The imaging the lesion was read from, as sent (none when nothing in the case points at it).</summary>
    public LesionImaging ImagingOf(BoneLesion lesion) => Imaging.GetValueOrDefault(lesion.Source) ?? LesionImaging.None;

    public IEnumerable<(BoneLesion Lesion, LesionScores Scores)> Lesions() => Findings.Lesions.Zip(Scores.Lesions);

    /// <summary>
    /// "the T8 lesion (Observation/…)", "the lesion at Right femur, mid-diaphysis (Observation/…)",
    /// "the peritrochanteric lesion (Observation/…)" or "the lesion Observation/…".
    /// </summary>
    public string Label(BoneLesion lesion) =>
        lesion.SpinalLevel is { } level ? $"the {level} lesion ({lesion.Source})"
        : LesionSites.TryGetValue(lesion.Source, out var text) ? $"the lesion at {text} ({lesion.Source})"
        : lesion.MirelsSite is { } site ? $"the {FindingCodes.MirelsSite.Code(site)} lesion ({lesion.Source})"
        : $"the lesion {lesion.Source}";
}
