using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage.Findings;
using BoneMets.Fhir.Triage.Scores;
using Hl7.Fhir.Model;
using static BoneMets.Fhir.Tests.Triage.Findings.Fhir;

namespace BoneMets.Fhir.Tests.Triage.Scores;

public class ScoreEngineTests
{
    /// <summary>A renal-cell patient with one femoral and one T12 lesion, labs in SI units.</summary>
    private static Resource[] Case() =>
    [
        Icd10("rcc", "C64.1", "2024-01-10"),
        Icd10("bone-mets", ClinicalCodes.Icd10SecondaryBone, "2025-02-20"),
        Lesion("femur",
            Component(ObservationCodes.LesionType, CodeSystems.LesionType, "lytic"),
            (ObservationCodes.DiameterFraction, Ucum(70m, "%")),
            Component(ObservationCodes.MirelsSite, CodeSystems.MirelsSite, "peritrochanteric"),
            Component(ObservationCodes.MirelsPain, CodeSystems.MirelsPain, "moderate")),
        Lesion("t12",
            Component(ObservationCodes.LesionType, CodeSystems.LesionType, "lytic"),
            Component(ObservationCodes.SpinalLevel, CodeSystems.SpinalLevel, "T12"),
            Component(ObservationCodes.SpinalPain, CodeSystems.SpinalPain, "mechanical"),
            Component(ObservationCodes.SpinalAlignment, CodeSystems.SpinalAlignment, "normal"),
            Component(ObservationCodes.VertebralCollapse, CodeSystems.VertebralCollapse, "under-50"),
            Component(ObservationCodes.PosterolateralInvolvement, CodeSystems.PosterolateralInvolvement, "unilateral"),
            Component(ObservationCodes.EsccGrade, CodeSystems.EsccGrade, "2")),
        Loinc("kps", ClinicalCodes.LoincKarnofsky, new Integer(70)),
        Project("extra", ObservationCodes.ExtraspinalBoneMetastases, new Integer(1)),
        Project("vert", ObservationCodes.VertebralBodyMetastases, new Integer(1)),
        Project("visceral", ObservationCodes.VisceralMetastases, Concept(CodeSystems.VisceralMetastases, "none")),
        Project("frankel", ObservationCodes.FrankelGrade, Concept(CodeSystems.FrankelGrade, "E")),
        Project("walk", ObservationCodes.AmbulatoryStatus, Concept(CodeSystems.AmbulatoryStatus, "independent")),
        Loinc("ca", ClinicalCodes.LoincCalcium, Ucum(2.90m, "mmol/L")),
        Loinc("alb", ClinicalCodes.LoincAlbumin, Ucum(30m, "g/L")),
        Loinc("alp", ClinicalCodes.LoincAlkalinePhosphatase, Ucum(120m, "U/L")),
    ];

    [Fact]
    public void Evaluate_FullCase_EveryScoreFromTheFhirResources()
    {
        var report = ScoreEngine.Evaluate(FindingsReader.Read(Case()), ScoreSettings.Default);

        Assert.Equal(2, report.Lesions.Count);
        var femur = report.Lesions[0];
        Assert.Equal("Observation/femur", femur.Lesion);
        Assert.Equal(11, femur.Mirels!.Total); // 3 + 2 + 3 + 3
        Assert.Null(femur.Sins);
        Assert.Null(femur.Noms);

        var spine = report.Lesions[1];
        Assert.Null(spine.Mirels);
        Assert.Equal(11, spine.Sins!.Total); // T12 3 + mechanical 3 + lytic 2 + normal 0 + under-50 2 + unilateral 1
        Assert.Equal(BilskyEscc.HighGrade, spine.Escc!.Band);
        Assert.Equal(Noms.SeparationSurgeryIfFit, spine.Noms!.Band); // kidney, ESCC high grade, fitness for surgery not sent

        Assert.Equal(11, report.TokuhashiRevised.Total); // Karnofsky 70: 1, 1 extraspinal: 1, 1 vertebral: 2, none: 2, kidney 3, Frankel E: 2
        Assert.Equal(TokuhashiRevised.SixMonthsOrMore, report.TokuhashiRevised.Band);
        Assert.Equal(["Observation/kps", "Observation/extra", "Observation/vert", "Observation/visceral", "Condition/rcc", "Observation/frankel"], report.TokuhashiRevised.DerivedFrom);
        Assert.Equal(3, report.ModifiedBauer.Total); // no visceral 1 + not lung 1 + kidney 1 + not solitary 0
        Assert.Equal(3, report.Nesms.Total);         // 2 + 1 + albumin 3.0 g/dL 0

        // 2.90 mmol/L = 11.6232 mg/dL; albumin 30 g/L = 3.0 g/dL → + 0.8 = 12.4232 → 12.42 mg/dL, shown in
        // mmol/L as 12.42 / 4.008 = 3.099 (the SI formula's rounded coefficient would give 3.10).
        Assert.Equal([new ScoreQuantity(12.42m, "mg/dL"), new ScoreQuantity(3.099m, "mmol/L")], report.CorrectedCalcium.Quantities);
        Assert.Equal(CorrectedCalcium.Moderate, report.CorrectedCalcium.Band);
        Assert.Equal(2, report.CtcaeHypercalcemia.Total);
        Assert.Empty(report.Problems);
    }

    [Fact]
    public void Evaluate_NothingRecorded_EveryPatientScoreIncompleteNeverLowest()
    {
        var report = ScoreEngine.Evaluate(FindingsReader.Read([]), ScoreSettings.Default);

        Assert.Empty(report.Lesions);
        Assert.All(
            new[] { report.TokuhashiRevised, report.ModifiedBauer, report.Nesms, report.CorrectedCalcium, report.CtcaeHypercalcemia },
            r =>
            {
                Assert.Null(r.Total);
                Assert.Null(r.Band);
                Assert.NotEmpty(r.Missing);
            });
        Assert.Equal(
            [FindingNames.Karnofsky, ObservationCodes.ExtraspinalBoneMetastases, ObservationCodes.VertebralBodyMetastases,
             ObservationCodes.VisceralMetastases, FindingNames.PrimaryCancer, ObservationCodes.FrankelGrade],
            report.TokuhashiRevised.Missing);
    }

    [Fact]
    public void Evaluate_ReaderProblems_PassedOnWithTheReport()
    {
        var report = ScoreEngine.Evaluate(
            FindingsReader.Read([Loinc("ca", ClinicalCodes.LoincCalcium, Ucum(2.4m, "mEq/L"))]), ScoreSettings.Default);

        Assert.Equal(new FindingProblem("Observation/ca", FindingNames.SerumCalcium, "unexpected unit (expected mg/dL or mmol/L)", "mEq/L"), Assert.Single(report.Problems));
        Assert.Contains(FindingNames.SerumCalcium, report.CorrectedCalcium.Missing);
    }

    [Fact]
    public void Evaluate_UnplaceableLesion_NoLesionScores()
    {
        var findings = FindingsReader.Read([Lesion("x", Component(ObservationCodes.LesionType, CodeSystems.LesionType, "lytic"))]);

        var lesion = Assert.Single(ScoreEngine.Evaluate(findings, ScoreSettings.Default).Lesions);

        Assert.Equal(new LesionScores("Observation/x", null, null, null, null), lesion);
    }
}
