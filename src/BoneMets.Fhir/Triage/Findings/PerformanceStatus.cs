namespace BoneMets.Fhir.Triage.Findings;

/// <summary>
/// The two performance-status scales, each kept on its native scale: the clinician's scale is what is
/// stored. No ECOG↔Karnofsky conversion is provided: the three published mappings disagree exactly at the
/// Karnofsky 70|80 boundary, which is the Tokuhashi general-condition edge (moderate 50–70, good 80–100),
/// so a converted value would decide a point. A score that needs Karnofsky and finds only ECOG reports
/// Karnofsky as missing and says ECOG was seen.
/// </summary>
public static class PerformanceStatus
{
    /// <summary>ECOG grades (Oken MM et al. Am J Clin Oncol 1982;5:649–655).</summary>
    public static string EcogMeaning(int grade) => grade switch
    {
        0 => "fully active",
        1 => "restricted in strenuous activity, ambulatory",
        2 => "ambulatory, capable of self-care, unable to work; up more than 50% of waking hours",
        3 => "capable of only limited self-care; in bed or chair more than 50% of waking hours",
        4 => "completely disabled",
        5 => "dead",
        _ => throw new ArgumentOutOfRangeException(nameof(grade), grade, "ECOG is 0–5."),
    };

    public static bool IsEcog(int value) => value is >= 0 and <= 5;

    /// <summary>Karnofsky runs 0–100 in steps of 10.</summary>
    public static bool IsKarnofsky(int value) => value is >= 0 and <= 100 && value % 10 == 0;
}
