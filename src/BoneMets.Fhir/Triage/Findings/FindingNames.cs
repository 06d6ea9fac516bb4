using BoneMets.Fhir.Terminology;

namespace BoneMets.Fhir.Triage.Findings;

/// <summary>
/// The names under which findings appear in <see cref="FindingProblem.Finding"/> and in a score's
/// Missing list. Findings coded in the project's own system keep their <see cref="ObservationCodes"/>
/// code; the others (LOINC, Conditions) get a name here.
/// </summary>
public static class FindingNames
{
    /// <summary>The primary cancer, from the case's Conditions (ICD-10-CM).</summary>
    public const string PrimaryCancer = "primary-cancer";
    /// <summary>ECOG performance status, LOINC <see cref="ClinicalCodes.LoincEcog"/>.</summary>
    public const string Ecog = "ecog-performance-status";
    /// <summary>Karnofsky performance status, LOINC <see cref="ClinicalCodes.LoincKarnofsky"/>.</summary>
    public const string Karnofsky = "karnofsky-performance-status";
    /// <summary>Pain severity 0–10, LOINC <see cref="ClinicalCodes.LoincPainSeverity"/>.</summary>
    public const string PainSeverity = "pain-severity";
    /// <summary>Serum calcium, LOINC <see cref="ClinicalCodes.LoincCalcium"/>.</summary>
    public const string SerumCalcium = "serum-calcium";
    /// <summary>Serum albumin, LOINC <see cref="ClinicalCodes.LoincAlbumin"/>.</summary>
    public const string SerumAlbumin = "serum-albumin";
    /// <summary>The bone-lesion Observation itself (problems that concern the whole lesion).</summary>
    public const string BoneLesion = ObservationCodes.BoneLesion;
}
