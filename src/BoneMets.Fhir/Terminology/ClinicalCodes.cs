namespace BoneMets.Fhir.Terminology;

/// <summary>Published codes the service recognises (shared/reference/standards.md §5; "verified" or "seen" there).</summary>
public static class ClinicalCodes
{
    // LOINC
    public const string LoincCalcium = "17861-6";            // Calcium [Mass/volume] in Serum or Plasma
    public const string LoincAlbumin = "1751-7";             // Albumin [Mass/volume] in Serum or Plasma
    public const string LoincAlkalinePhosphatase = "6768-6";
    public const string LoincPsa = "2857-1";
    public const string LoincHaemoglobin = "718-7";
    public const string LoincEcog = "89247-1";
    public const string LoincKarnofsky = "89243-0";
    public const string LoincPainSeverity = "72514-3";
    /// <summary>LOINC part "Radiology" used as DiagnosticReport.category by US Core.</summary>
    public const string LoincRadiologyCategory = "LP29684-5";

    // SNOMED CT
    public const string SnomedPatientReferral = "3457005";
    public const string SnomedReferralToSpecialist = "103696004";
    public const string SnomedSecondaryMalignancy = "128462008";
    public const string SnomedSecondaryMalignancyOfBone = "94222008";
    public const string SnomedPathologicalFracture = "268029009";
    public const string SnomedHypercalcaemia = "66931009";
    public const string SnomedFemur = "71341001";
    public const string SnomedHumerus = "85050009";

    // ICD-10-CM
    public const string Icd10SecondaryBone = "C79.51";
    public const string Icd10SecondaryBoneMarrow = "C79.52";
    public const string Icd10CordCompressionUnspecified = "G95.20";
    public const string Icd10CordCompressionOther = "G95.29";

    // v2 / FHIR
    public const string ReferralEvent = "I12";
    public const string TaskFulfill = "fulfill";
    public const string VirtualEncounter = "VR";

    // NUCC taxonomy for the routed teams that have one (orthopaedic oncology has none: local HealthcareService).
    public const string NuccOrthopaedicSurgeryOfSpine = "207XS0117X";
    public const string NuccNeurologicalSurgery = "207T00000X";
    public const string NuccRadiationOncology = "2085R0001X";
    public const string NuccInterventionalRadiology = "2085R0204X";
    public const string NuccMedicalOncology = "207RX0202X";
    public const string NuccOrthopaedicSurgery = "207X00000X";
}
