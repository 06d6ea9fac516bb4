namespace BoneMets.Fhir.Terminology;

/// <summary>
/// Codes of <see cref="CodeSystems.Observation"/>: the findings the triage reads where no standard code
/// exists (standards.md §5 found none for lesion characteristics, MSCC signs or the scores).
/// A bone-lesion finding is one Observation (code <see cref="BoneLesion"/>, bodySite = the bone) with one
/// component per characteristic; patient-level findings are Observations of their own.
/// </summary>
public static class ObservationCodes
{
    // --- One bone lesion (Observation.code) and its components ---
    public const string BoneLesion = "bone-lesion";
    /// <summary>Component, valueCodeableConcept from <see cref="CodeSystems.LesionType"/>: lytic | blastic | mixed.</summary>
    public const string LesionType = "lesion-type";
    /// <summary>Component, valueQuantity in UCUM "%": share of the bone's diameter the lesion involves (Mirels size).</summary>
    public const string DiameterFraction = "diameter-fraction";
    /// <summary>Component, valueCodeableConcept from <see cref="CodeSystems.MirelsSite"/>: upper-limb | lower-limb | peritrochanteric.</summary>
    public const string MirelsSite = "mirels-site";
    /// <summary>Component, valueCodeableConcept from <see cref="CodeSystems.MirelsPain"/>: mild | moderate | functional.</summary>
    public const string MirelsPain = "mirels-pain";
    /// <summary>Component, valueCodeableConcept from <see cref="CodeSystems.SpinalLevel"/>: C1..C7, T1..T12, L1..L5, S1..S5 (the lesion's level; "occiput" for O–C1).</summary>
    public const string SpinalLevel = "spinal-level";
    /// <summary>Component, valueCodeableConcept from <see cref="CodeSystems.SpinalPain"/>: mechanical | occasional | pain-free.</summary>
    public const string SpinalPain = "spinal-pain";
    /// <summary>Component, valueCodeableConcept from <see cref="CodeSystems.SpinalAlignment"/>: subluxation | deformity | normal.</summary>
    public const string SpinalAlignment = "spinal-alignment";
    /// <summary>Component, valueCodeableConcept from <see cref="CodeSystems.VertebralCollapse"/>: over-50 | under-50 | none-over-50-involved | none.</summary>
    public const string VertebralCollapse = "vertebral-collapse";
    /// <summary>Component, valueCodeableConcept from <see cref="CodeSystems.PosterolateralInvolvement"/>: bilateral | unilateral | none.</summary>
    public const string PosterolateralInvolvement = "posterolateral-involvement";
    /// <summary>Component, valueCodeableConcept from <see cref="CodeSystems.EsccGrade"/>: 0 | 1a | 1b | 1c | 2 | 3.</summary>
    public const string EsccGrade = "escc-grade";

    // --- Patient-level findings (Observation.code) ---
    /// <summary>valueCodeableConcept from <see cref="CodeSystems.FrankelGrade"/>: A..E (A–D a neurological deficit).</summary>
    public const string FrankelGrade = "frankel-grade";
    /// <summary>
    /// valueBoolean: the treating team's judgement whether the patient can tolerate surgery (NOMS "S", Laufer 2013);
    /// true = fit, false = not fit. Never derived from ASA class or performance status (no published rule does).
    /// </summary>
    public const string FitForSurgery = "fit-for-surgery";
    /// <summary>valueCodeableConcept from <see cref="CodeSystems.AmbulatoryStatus"/>: independent | assisted | non-ambulatory.</summary>
    public const string AmbulatoryStatus = "ambulatory-status";
    /// <summary>valueCodeableConcept from <see cref="CodeSystems.VisceralMetastases"/>: none | removable | unremovable.</summary>
    public const string VisceralMetastases = "visceral-metastases";
    /// <summary>valueInteger: count of bone metastases outside the spine.</summary>
    public const string ExtraspinalBoneMetastases = "extraspinal-bone-metastases";
    /// <summary>valueInteger: count of vertebral bodies with metastases.</summary>
    public const string VertebralBodyMetastases = "vertebral-body-metastases";

    // --- MSCC neurological red flags (NICE NG234); valueBoolean, true = present ---
    public const string RadicularPain = "radicular-pain";
    public const string LimbWeakness = "limb-weakness";
    public const string DifficultyWalking = "difficulty-walking";
    public const string SensoryLoss = "sensory-loss";
    public const string BladderBowelDysfunction = "bladder-bowel-dysfunction";
    public const string CordCompressionSigns = "cord-compression-signs";
    public const string CaudaEquinaSigns = "cauda-equina-signs";

    // --- Spinal pain suggesting metastases without neurology (NICE NG234); valueBoolean ---
    public const string ThoracicOrCervicalPain = "thoracic-cervical-pain";
    public const string ProgressiveLumbarPain = "progressive-lumbar-pain";
    public const string SevereUnremittingLumbarPain = "severe-lumbar-pain";
    public const string PainOnStraining = "pain-on-straining";
    public const string LocalisedSpinalTenderness = "localised-spinal-tenderness";
    public const string NocturnalSpinalPain = "nocturnal-spinal-pain";

    // --- Hypercalcaemia features that make any level an emergency (local policy); valueBoolean ---
    public const string Confusion = "confusion";
    public const string VomitingOrDehydration = "vomiting-dehydration";
    public const string AcuteKidneyInjury = "acute-kidney-injury";
    public const string Arrhythmia = "arrhythmia";

    // --- Long-bone function (local policy for urgent orthopaedic review); valueBoolean ---
    public const string UnableToBearWeight = "unable-to-bear-weight";

    // --- Scores and results the service writes ---
    public const string CorrectedCalcium = "corrected-calcium";
    public const string Mirels = "mirels-score";
    public const string Sins = "sins-score";
    public const string TokuhashiRevised = "tokuhashi-revised-score";
    public const string ModifiedBauer = "modified-bauer-score";
    public const string Nesms = "nesms-score";
    public const string NomsPathway = "noms-pathway";
    public const string TriageDecision = "triage-decision";

    public static readonly IReadOnlySet<string> NeurologicalRedFlags = new HashSet<string>(StringComparer.Ordinal)
    {
        RadicularPain, LimbWeakness, DifficultyWalking, SensoryLoss, BladderBowelDysfunction, CordCompressionSigns, CaudaEquinaSigns,
    };

    public static readonly IReadOnlySet<string> SpinalPainSuggestingMetastases = new HashSet<string>(StringComparer.Ordinal)
    {
        ThoracicOrCervicalPain, ProgressiveLumbarPain, SevereUnremittingLumbarPain, PainOnStraining, LocalisedSpinalTenderness, NocturnalSpinalPain,
    };

    public static readonly IReadOnlySet<string> HypercalcaemiaEmergencyFeatures = new HashSet<string>(StringComparer.Ordinal)
    {
        Confusion, VomitingOrDehydration, AcuteKidneyInjury, Arrhythmia,
    };
}
