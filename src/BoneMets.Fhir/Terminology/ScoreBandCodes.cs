namespace BoneMets.Fhir.Terminology;

/// <summary>
/// Codes of <see cref="CodeSystems.ScoreBand"/>: one per published band of each score, prefixed by the score so
/// that one CodeSystem holds them all ("mirels-prophylactic-fixation", "ctcae-grade-4"). The meaning of each band
/// is stated, with its source, on the band itself (Triage/Scores); this list is what the CodeSystem publishes.
/// </summary>
public static class ScoreBandCodes
{
    public const string Mirels = "mirels";
    public const string Sins = "sins";
    public const string Escc = "escc";
    public const string Noms = "noms";
    public const string Tokuhashi = "tokuhashi";
    public const string Nesms = "nesms";
    /// <summary>The three prognostic groups of Leithner 2008 (0–1, 2, 3–4).</summary>
    public const string ModifiedBauer = "modified-bauer";
    public const string Calcium = "calcium";
    public const string Ctcae = "ctcae";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        "mirels-radiotherapy-observation", "mirels-clinical-judgement", "mirels-prophylactic-fixation",
        "sins-stable", "sins-indeterminate", "sins-unstable",
        "escc-low-grade", "escc-low-grade-spine-review", "escc-high-grade",
        "noms-conventional-radiotherapy", "noms-stereotactic-radiosurgery", "noms-separation-surgery-then-radiosurgery", "noms-separation-surgery-if-fit",
        "tokuhashi-under-6-months", "tokuhashi-6-months-or-more", "tokuhashi-1-year-or-more",
        "modified-bauer-0-1", "modified-bauer-2", "modified-bauer-3-4",
        "nesms-0", "nesms-1", "nesms-2", "nesms-3",
        "calcium-not-hypercalcaemic", "calcium-mild", "calcium-moderate", "calcium-severe",
        "ctcae-grade-0", "ctcae-grade-1", "ctcae-grade-2", "ctcae-grade-3", "ctcae-grade-4",
    };

    /// <summary>The code of a band of the score <paramref name="score"/>: "sins" + "unstable" → "sins-unstable".</summary>
    public static string Of(string score, string band)
    {
        var code = band.StartsWith(score + "-", StringComparison.Ordinal) ? band : $"{score}-{band}";
        return All.Contains(code) ? code : throw new ArgumentOutOfRangeException(nameof(band), code, "Not a code of the score-band CodeSystem.");
    }
}
