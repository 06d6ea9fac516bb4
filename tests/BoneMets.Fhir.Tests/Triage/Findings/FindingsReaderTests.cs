using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage.Findings;
using Hl7.Fhir.Model;
using static BoneMets.Fhir.Tests.Triage.Findings.Fhir;

namespace BoneMets.Fhir.Tests.Triage.Findings;

public class FindingsReaderTests
{
    private static ClinicalFindings Read(params Resource[] resources) => FindingsReader.Read(resources);

    [Fact]
    public void Read_PatientLevelFindings_TypedWithSourceAndEffective()
    {
        var findings = Read(
            Project("vis", ObservationCodes.VisceralMetastases, Concept(CodeSystems.VisceralMetastases, "removable")),
            Project("extra", ObservationCodes.ExtraspinalBoneMetastases, new Integer(2)),
            Project("vert", ObservationCodes.VertebralBodyMetastases, new Integer(3)),
            Project("frankel", ObservationCodes.FrankelGrade, Concept(CodeSystems.FrankelGrade, "D")),
            Project("walk", ObservationCodes.AmbulatoryStatus, Concept(CodeSystems.AmbulatoryStatus, "assisted")),
            Loinc("ecog", ClinicalCodes.LoincEcog, new Integer(2)),
            Loinc("kps", ClinicalCodes.LoincKarnofsky, new Integer(60)),
            Loinc("pain", ClinicalCodes.LoincPainSeverity, new Integer(7)),
            new Patient { Id = "ignored" });

        Assert.Equal(new Finding<VisceralMetastases>(VisceralMetastases.Removable, "Observation/vis", new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero)), findings.VisceralMetastases);
        Assert.Equal((2, "Observation/extra"), (findings.ExtraspinalBoneMetastases!.Value, findings.ExtraspinalBoneMetastases.Source));
        Assert.Equal(3, findings.VertebralBodyMetastases!.Value);
        Assert.Equal(FrankelGrade.D, findings.FrankelGrade!.Value);
        Assert.Equal(AmbulatoryStatus.Assisted, findings.AmbulatoryStatus!.Value);
        Assert.Equal((2, "Observation/ecog"), (findings.Ecog!.Value, findings.Ecog.Source));
        Assert.Equal((60, "Observation/kps"), (findings.Karnofsky!.Value, findings.Karnofsky.Source));
        Assert.Equal(7, findings.PainSeverity!.Value);
        Assert.Empty(findings.Problems);
    }

    [Fact]
    public void Read_EcogAndKarnofsky_KeptOnNativeScalesWithoutConversion()
    {
        var findings = Read(Loinc("ecog", ClinicalCodes.LoincEcog, new Integer(1)));

        Assert.Equal(1, findings.Ecog!.Value);
        Assert.Null(findings.Karnofsky);
    }

    [Theory]
    [InlineData(75)]
    [InlineData(110)]
    [InlineData(-10)]
    public void Read_KarnofskyOffScale_ProblemAndMissing(int karnofsky)
    {
        var findings = Read(Loinc("kps", ClinicalCodes.LoincKarnofsky, new Integer(karnofsky)));

        Assert.Null(findings.Karnofsky);
        Assert.Equal([new FindingProblem("Observation/kps", FindingNames.Karnofsky, "outside Karnofsky 0–100 in steps of 10", karnofsky.ToString())], findings.Problems);
    }

    [Fact]
    public void Read_EcogAsCodeableConcept_ProblemNotGuessed()
    {
        var findings = Read(Loinc("ecog", ClinicalCodes.LoincEcog, Concept(CodeSystems.Loinc, "LA9623-5")));

        Assert.Null(findings.Ecog);
        Assert.Equal([new FindingProblem("Observation/ecog", FindingNames.Ecog, "expected valueInteger", "CodeableConcept")], findings.Problems);
    }

    [Fact]
    public void Read_EcogSix_Problem() => Assert.Null(Read(Loinc("ecog", ClinicalCodes.LoincEcog, new Integer(6))).Ecog);

    [Theory]
    [InlineData("{score}", 4, 4)]
    [InlineData("1", 0, 0)]
    public void Read_PainAsQuantity_WholeScoreAccepted(string unit, int value, int expected) =>
        Assert.Equal(expected, Read(Loinc("pain", ClinicalCodes.LoincPainSeverity, Ucum(value, unit))).PainSeverity!.Value);

    [Fact]
    public void Read_PainInMillimetres_Problem()
    {
        var findings = Read(Loinc("pain", ClinicalCodes.LoincPainSeverity, Ucum(40, "mm")));

        Assert.Null(findings.PainSeverity);
        Assert.Equal("mm", Assert.Single(findings.Problems).ValueSeen);
    }

    [Fact]
    public void Read_UnknownCode_ProblemWithCodeSeen()
    {
        var findings = Read(Project("frankel", ObservationCodes.FrankelGrade, Concept(CodeSystems.FrankelGrade, "F")));

        Assert.Null(findings.FrankelGrade);
        Assert.Equal([new FindingProblem("Observation/frankel", ObservationCodes.FrankelGrade, $"unknown code in {CodeSystems.FrankelGrade}", "F")], findings.Problems);
    }

    [Fact]
    public void Read_CodeFromAnotherSystem_Problem()
    {
        var findings = Read(Project("walk", ObservationCodes.AmbulatoryStatus, Concept(CodeSystems.Snomed, "independent")));

        Assert.Null(findings.AmbulatoryStatus);
        Assert.Equal($"{CodeSystems.Snomed}|independent", Assert.Single(findings.Problems).ValueSeen);
    }

    [Fact]
    public void Read_NegativeCount_Problem() =>
        Assert.Null(Read(Project("extra", ObservationCodes.ExtraspinalBoneMetastases, new Integer(-1))).ExtraspinalBoneMetastases);

    [Fact]
    public void Read_Signs_EveryCodeOfTheThreeSetsAndWeightBearing()
    {
        var observations = FindingsReader.SignCodes.Select((code, i) => (Resource)Project($"s{i}", code, new FhirBoolean(i % 2 == 0))).ToArray();

        var findings = FindingsReader.Read(observations);

        Assert.Equal(18, findings.Signs.Count);
        Assert.Equal(FindingsReader.SignCodes.OrderBy(c => c, StringComparer.Ordinal), findings.Signs.Keys.OrderBy(c => c, StringComparer.Ordinal));
        Assert.Contains(ObservationCodes.UnableToBearWeight, findings.Signs.Keys);
    }

    [Fact]
    public void Read_Signs_PresentAndAbsentAreBothRecorded()
    {
        var findings = Read(
            Project("weak", ObservationCodes.LimbWeakness, new FhirBoolean(true)),
            Project("sensory", ObservationCodes.SensoryLoss, new FhirBoolean(false)),
            Project("confused", ObservationCodes.Confusion, new FhirBoolean(true)));

        Assert.Equal([ObservationCodes.LimbWeakness], findings.PresentSigns(ObservationCodes.NeurologicalRedFlags));
        Assert.False(findings.Sign(ObservationCodes.SensoryLoss)!.Value);
        Assert.Equal("Observation/weak", findings.Sign(ObservationCodes.LimbWeakness)!.Source);
        Assert.Equal([ObservationCodes.Confusion], findings.PresentSigns(ObservationCodes.HypercalcaemiaEmergencyFeatures));
        Assert.Null(findings.Sign(ObservationCodes.CaudaEquinaSigns));
    }

    [Fact]
    public void Read_SignAsString_Problem()
    {
        var findings = Read(Project("weak", ObservationCodes.LimbWeakness, new FhirString("yes")));

        Assert.Empty(findings.Signs);
        Assert.Equal(new FindingProblem("Observation/weak", ObservationCodes.LimbWeakness, "expected valueBoolean", "string"), Assert.Single(findings.Problems));
    }

    [Fact]
    public void Read_ObservationWithoutId_ReadButReported()
    {
        var findings = Read(Project(null!, ObservationCodes.FrankelGrade, Concept(CodeSystems.FrankelGrade, "E")));

        Assert.Equal(FrankelGrade.E, findings.FrankelGrade!.Value);
        Assert.Contains(findings.Problems, p => p.Problem.StartsWith("resource has no id", StringComparison.Ordinal));
    }
}
