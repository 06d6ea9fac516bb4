using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage.Findings;
using BoneMets.Fhir.Triage.Scores;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using static BoneMets.Fhir.Tests.Triage.Findings.Fhir;

namespace BoneMets.Fhir.Tests.Triage.Findings;

public class LesionReaderTests
{
    private static (string, DataType) Type(string code) => Component(ObservationCodes.LesionType, CodeSystems.LesionType, code);

    private static (string, DataType) Fraction(decimal percent, string unit = "%") => (ObservationCodes.DiameterFraction, Ucum(percent, unit));

    private static ClinicalFindings Read(params Resource[] resources) => FindingsReader.Read(resources);

    [Fact]
    public void Read_LongBoneLesion_EveryMirelsComponent()
    {
        var findings = Read(Lesion("femur",
            Type("lytic"),
            Fraction(40m),
            Component(ObservationCodes.MirelsSite, CodeSystems.MirelsSite, "peritrochanteric"),
            Component(ObservationCodes.MirelsPain, CodeSystems.MirelsPain, "functional")));

        var lesion = Assert.Single(findings.Lesions);
        Assert.Equal("Observation/femur", lesion.Source);
        Assert.Equal((LesionType.Lytic, 40m, MirelsSite.Peritrochanteric, MirelsPain.Functional),
            (lesion.Type, lesion.DiameterFractionPercent, lesion.MirelsSite, lesion.MirelsPain));
        Assert.True(lesion.IsLongBone);
        Assert.False(lesion.IsSpinal);
        Assert.Empty(findings.Problems);
    }

    [Fact]
    public void Read_SpinalLesion_EverySinsComponentAndEscc()
    {
        var findings = Read(Lesion("t12",
            Type("mixed"),
            Component(ObservationCodes.SpinalLevel, CodeSystems.SpinalLevel, "T12"),
            Component(ObservationCodes.SpinalPain, CodeSystems.SpinalPain, "occasional"),
            Component(ObservationCodes.SpinalAlignment, CodeSystems.SpinalAlignment, "deformity"),
            Component(ObservationCodes.VertebralCollapse, CodeSystems.VertebralCollapse, "none-over-50-involved"),
            Component(ObservationCodes.PosterolateralInvolvement, CodeSystems.PosterolateralInvolvement, "unilateral"),
            Component(ObservationCodes.EsccGrade, CodeSystems.EsccGrade, "1c")));

        var lesion = Assert.Single(findings.Lesions);
        Assert.Equal(SpinalLevel.Thoracic(12), lesion.SpinalLevel);
        Assert.Equal(
            (LesionType.Mixed, SpinalPain.Occasional, SpinalAlignment.Deformity, VertebralCollapse.NoneOver50Involved, PosterolateralInvolvement.Unilateral, EsccGrade.Grade1c),
            (lesion.Type, lesion.SpinalPain, lesion.Alignment, lesion.Collapse, lesion.Posterolateral, lesion.EsccGrade));
        Assert.True(lesion.IsSpinal);
        Assert.False(lesion.IsLongBone);
        Assert.Empty(findings.Problems);
    }

    [Fact]
    public void Read_AbsentComponents_StayNullNotLowest()
    {
        var lesion = Assert.Single(Read(Lesion("l", Component(ObservationCodes.SpinalLevel, CodeSystems.SpinalLevel, "L3"))).Lesions);

        Assert.Equal((null, null, null, null, null, null),
            ((object?)lesion.Type, (object?)lesion.SpinalPain, (object?)lesion.Alignment, (object?)lesion.Collapse, (object?)lesion.Posterolateral, (object?)lesion.EsccGrade));
    }

    [Fact]
    public void Read_CodeInWrongCase_ProblemAndNull()
    {
        var findings = Read(Lesion("l", Type("Lytic"), Fraction(20m)));

        Assert.Null(Assert.Single(findings.Lesions).Type);
        Assert.Equal([new FindingProblem("Observation/l", ObservationCodes.LesionType, $"unknown code in {CodeSystems.LesionType}", "Lytic")], findings.Problems);
    }

    [Fact]
    public void Read_DiameterInMillimetres_ProblemAndNull()
    {
        var findings = Read(Lesion("l", Type("lytic"), Fraction(12m, "mm"), Component(ObservationCodes.MirelsSite, CodeSystems.MirelsSite, "upper-limb")));

        Assert.Null(Assert.Single(findings.Lesions).DiameterFractionPercent);
        Assert.Equal(new FindingProblem("Observation/l", ObservationCodes.DiameterFraction, "unexpected unit (expected %)", "mm"), Assert.Single(findings.Problems));
    }

    [Fact]
    public void Read_DiameterOverHundredPercent_Problem() =>
        Assert.Null(Assert.Single(Read(Lesion("l", Fraction(120m))).Lesions).DiameterFractionPercent);

    [Fact]
    public void Read_UnknownSpinalLevel_Problem()
    {
        var findings = Read(Lesion("l", Component(ObservationCodes.SpinalLevel, CodeSystems.SpinalLevel, "T13"), Type("lytic"), Component(ObservationCodes.EsccGrade, CodeSystems.EsccGrade, "2")));

        Assert.Null(Assert.Single(findings.Lesions).SpinalLevel);
        Assert.Equal("T13", Assert.Single(findings.Problems).ValueSeen);
    }

    [Fact]
    public void Read_ComponentRepeatedWithDifferentValues_ProblemAndNull()
    {
        var findings = Read(Lesion("l", Fraction(20m), Type("lytic"), Type("blastic")));

        Assert.Null(Assert.Single(findings.Lesions).Type);
        Assert.Equal("component repeated with different values", Assert.Single(findings.Problems).Problem);
    }

    [Fact]
    public void Read_OnlyLesionType_ReportedAsUnplaceable()
    {
        var findings = Read(Lesion("l", Type("lytic")));

        var lesion = Assert.Single(findings.Lesions);
        Assert.False(lesion.IsLongBone || lesion.IsSpinal);
        Assert.Equal(FindingNames.BoneLesion, Assert.Single(findings.Problems).Finding);
    }

    [Fact]
    public void Read_SeveralLesions_OnePerObservationAndVoidOnesIgnored()
    {
        var cancelled = Lesion("cancelled", Fraction(10m));
        cancelled.Status = ObservationStatus.EnteredInError;

        var findings = Read(Lesion("a", Fraction(10m)), cancelled, Lesion("b", Fraction(90m)));

        Assert.Equal(["Observation/a", "Observation/b"], findings.Lesions.Select(l => l.Source));
    }

    [Fact]
    public void Read_JsonDiameterFraction_KeepsItsPrecisionForMirelsEdges()
    {
        const string json = """
            {
              "resourceType": "Observation", "id": "json", "status": "final",
              "code": { "coding": [ { "system": "https://fhir.bonemets.org/CodeSystem/bonemets-observation", "code": "bone-lesion" } ] },
              "component": [ {
                "code": { "coding": [ { "system": "https://fhir.bonemets.org/CodeSystem/bonemets-observation", "code": "diameter-fraction" } ] },
                "valueQuantity": { "value": 66.70, "unit": "%", "system": "http://unitsofmeasure.org", "code": "%" }
              } ]
            }
            """;
        var observation = new FhirJsonDeserializer().Deserialize<Observation>(json);

        var lesion = Assert.Single(FindingsReader.Read([observation]).Lesions);

        Assert.Equal(2, lesion.DiameterFractionPercent!.Value.Scale);
        Assert.Equal(3, Mirels.SizePoints(lesion.DiameterFractionPercent.Value)); // 66.70 > 66.67
    }
}
