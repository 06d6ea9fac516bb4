using BoneMets.Fhir.Terminology;

namespace BoneMets.Fhir.Triage.Findings;

/// <summary>
/// What the case says about the patient, typed. Each finding is the most recent usable one
/// (see <see cref="FindingsReader"/>) and keeps the reference of the resource it came from.
/// A null finding is missing: no score reads it as its lowest category.
/// </summary>
public sealed record ClinicalFindings
{
    /// <summary>The primary cancer, when the Conditions name exactly one primary site.</summary>
    public Finding<PrimarySite>? PrimaryCancer { get; init; }

    /// <summary>Every primary-cancer Condition read; more than one site leaves <see cref="PrimaryCancer"/> null.</summary>
    public IReadOnlyList<Finding<PrimarySite>> PrimaryCancerCandidates { get; init; } = [];

    public Finding<VisceralMetastases>? VisceralMetastases { get; init; }

    /// <summary>Count of bone metastases outside the spine.</summary>
    public Finding<int>? ExtraspinalBoneMetastases { get; init; }

    /// <summary>Count of vertebral bodies with metastases.</summary>
    public Finding<int>? VertebralBodyMetastases { get; init; }

    public Finding<FrankelGrade>? FrankelGrade { get; init; }

    /// <summary>
    /// Frankel grades recorded for the same latest moment that disagree (<see cref="FrankelGrade"/> is then null and a
    /// problem says so); empty otherwise. Read by <see cref="NeurologicalState"/> so a conflict never hides a deficit.
    /// </summary>
    public IReadOnlyList<Finding<FrankelGrade>> ConflictingFrankelGrades { get; init; } = [];

    public Finding<AmbulatoryStatus>? AmbulatoryStatus { get; init; }

    /// <summary>NOMS "S": true = the treating team judges the patient able to tolerate surgery, false = not.</summary>
    public Finding<bool>? FitForSurgery { get; init; }

    /// <summary>ECOG 0–5, native scale.</summary>
    public Finding<int>? Ecog { get; init; }

    /// <summary>Karnofsky 0–100, native scale.</summary>
    public Finding<int>? Karnofsky { get; init; }

    /// <summary>Pain severity 0–10 (LOINC 72514-3). No score uses it: Mirels and SINS read coded pain categories.</summary>
    public Finding<int>? PainSeverity { get; init; }

    /// <summary>Serum calcium normalised to mg/dL (1 mmol/L = 4.008 mg/dL).</summary>
    public Finding<decimal>? CalciumMgPerDl { get; init; }

    /// <summary>Serum albumin normalised to g/dL (10 g/L = 1 g/dL).</summary>
    public Finding<decimal>? AlbuminGPerDl { get; init; }

    /// <summary>
    /// The boolean findings (MSCC red flags, spinal pain signs, hypercalcaemia features, unable to bear
    /// weight), keyed by their <see cref="ObservationCodes"/> code. Absent key: not recorded.
    /// </summary>
    public IReadOnlyDictionary<string, Finding<bool>> Signs { get; init; } = new Dictionary<string, Finding<bool>>();

    /// <summary>Signs recorded both present and absent for the same latest moment (absent from <see cref="Signs"/>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Finding<bool>>> ConflictingSigns { get; init; } = new Dictionary<string, IReadOnlyList<Finding<bool>>>();

    public IReadOnlyList<BoneLesion> Lesions { get; init; } = [];

    /// <summary>What the reader could not use, with the resource and the value seen.</summary>
    public IReadOnlyList<FindingProblem> Problems { get; init; } = [];

    public Finding<bool>? Sign(string code) => Signs.GetValueOrDefault(code);

    /// <summary>The codes of <paramref name="set"/> recorded as present (true), in ordinal order.</summary>
    public IReadOnlyList<string> PresentSigns(IReadOnlySet<string> set) =>
        [.. Signs.Where(pair => set.Contains(pair.Key) && pair.Value.Value)
            .Select(pair => pair.Key)
            .Order(StringComparer.Ordinal)];
}
