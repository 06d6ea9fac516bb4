namespace BoneMets.Fhir.Terminology;

/// <summary>
/// Canonical URLs of the code systems the service reads and writes. External systems are the published
/// ones (see shared/reference/standards.md §5); the project's own live under <see cref="ProjectBase"/>
/// and are published as CodeSystem resources by the profiles (issue 4).
/// </summary>
public static class CodeSystems
{
    public const string ProjectBase = "https://fhir.bonemets.org";

    // Published systems.
    public const string Snomed = "http://snomed.info/sct";
    public const string Loinc = "http://loinc.org";
    public const string Icd10Cm = "http://hl7.org/fhir/sid/icd-10-cm";
    public const string Ucum = "http://unitsofmeasure.org";
    public const string Nucc = "http://nucc.org/provider-taxonomy";
    public const string V2EventType = "http://terminology.hl7.org/CodeSystem/v2-0003";
    public const string V2IdentifierType = "http://terminology.hl7.org/CodeSystem/v2-0203";
    public const string V3ActCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    public const string TaskCode = "http://hl7.org/fhir/CodeSystem/task-code";
    public const string ObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";
    public const string ConditionCategory = "http://terminology.hl7.org/CodeSystem/condition-category";
    public const string LocationPhysicalType = "http://terminology.hl7.org/CodeSystem/location-physical-type";
    public const string ProvenanceParticipantType = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
    public const string DataOperation = "http://terminology.hl7.org/CodeSystem/v3-DataOperation";
    public const string CommunicationCategory = "http://terminology.hl7.org/CodeSystem/communication-category";
    public const string DiagnosticServiceSection = "http://terminology.hl7.org/CodeSystem/v2-0074";
    public const string DataAbsentReason = "http://terminology.hl7.org/CodeSystem/data-absent-reason";

    /// <summary>BSeR Task.businessStatus (TaskBusinessStatusCS).</summary>
    public const string BserTaskBusinessStatus = "http://hl7.org/fhir/us/bser/CodeSystem/TaskBusinessStatusCS";

    // The project's own systems.
    /// <summary>Observation codes with no standard code: lesion findings, MSCC red flags, scores.</summary>
    public const string Observation = ProjectBase + "/CodeSystem/bonemets-observation";
    public const string LesionType = ProjectBase + "/CodeSystem/lesion-type";
    public const string MirelsSite = ProjectBase + "/CodeSystem/mirels-site";
    public const string MirelsPain = ProjectBase + "/CodeSystem/mirels-pain";
    public const string SpinalLevel = ProjectBase + "/CodeSystem/spinal-level";
    public const string SpinalPain = ProjectBase + "/CodeSystem/spinal-pain";
    public const string SpinalAlignment = ProjectBase + "/CodeSystem/spinal-alignment";
    public const string VertebralCollapse = ProjectBase + "/CodeSystem/vertebral-collapse";
    public const string PosterolateralInvolvement = ProjectBase + "/CodeSystem/posterolateral-involvement";
    public const string EsccGrade = ProjectBase + "/CodeSystem/escc-grade";
    public const string FrankelGrade = ProjectBase + "/CodeSystem/frankel-grade";
    public const string AmbulatoryStatus = ProjectBase + "/CodeSystem/ambulatory-status";
    public const string VisceralMetastases = ProjectBase + "/CodeSystem/visceral-metastases";
    public const string TriageUrgency = ProjectBase + "/CodeSystem/triage-urgency";
    public const string CareTeam = ProjectBase + "/CodeSystem/care-team";
    public const string VisitMode = ProjectBase + "/CodeSystem/visit-mode";
    public const string CaseSection = ProjectBase + "/CodeSystem/case-section";
    /// <summary>The published band a score result falls in (<see cref="ScoreBandCodes"/>), used as Observation.interpretation.</summary>
    public const string ScoreBand = ProjectBase + "/CodeSystem/score-band";
    /// <summary>One item of a score ("mirels-score.site"), used as the code of a score Observation's component.</summary>
    public const string ScoreItem = ProjectBase + "/CodeSystem/score-item";

    // Identifier systems the program assigns.
    public const string ReferralIdentifier = ProjectBase + "/identifier/referral";
    public const string WriteBackIdentifier = ProjectBase + "/identifier/write-back";
    public const string ProgramOrganizationIdentifier = ProjectBase + "/identifier/organization";

    /// <summary>
    /// Tags a delivered Provenance with its write-back id (R4 Provenance has no identifier), so a conditional
    /// create can find it by <c>_tag</c> (ADR 0011).
    /// </summary>
    public const string WriteBackTag = ProjectBase + "/CodeSystem/write-back-key";
}
