using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage.Findings;
using Hl7.Fhir.Model;
using static BoneMets.Fhir.Tests.Triage.Findings.Fhir;
using static BoneMets.Fhir.Tests.Triage.Scores.Given;

namespace BoneMets.Fhir.Tests.Triage.Findings;

public class NeurologicalStateTests
{
    [Theory]
    [InlineData(FrankelGrade.A, true)]
    [InlineData(FrankelGrade.B, true)]
    [InlineData(FrankelGrade.C, true)]
    [InlineData(FrankelGrade.D, true)]
    [InlineData(FrankelGrade.E, false)]
    public void IsDeficit_FrankelGrade_BelowEIsADeficit(FrankelGrade grade, bool deficit) =>
        Assert.Equal(deficit, NeurologicalState.IsDeficit(grade));

    [Fact]
    public void Deficits_SignsPresentAndFrankel_EachWithItsSourceSignsFirst()
    {
        var findings = new ClinicalFindings
        {
            FrankelGrade = Found(FrankelGrade.B, "Observation/frankel"),
            Signs = new Dictionary<string, Finding<bool>>
            {
                [ObservationCodes.SensoryLoss] = Found(true, "Observation/sensory"),
                [ObservationCodes.LimbWeakness] = Found(false, "Observation/weak"),
            },
        };

        Assert.Equal(
            [new NeurologicalDeficit("sensory-loss", "Observation/sensory"), new NeurologicalDeficit("Frankel grade B (sensory only: no motor function below the lesion)", "Observation/frankel")],
            NeurologicalState.Deficits(findings));
    }

    [Fact]
    public void Assessed_FrankelEOnly_IsAnAssessmentWithoutDeficit()
    {
        var findings = new ClinicalFindings { FrankelGrade = Found(FrankelGrade.E, "Observation/frankel") };

        Assert.True(NeurologicalState.Assessed(findings));
        Assert.Empty(NeurologicalState.Deficits(findings));
    }

    [Fact]
    public void Assessed_NothingSent_False() => Assert.False(NeurologicalState.Assessed(new ClinicalFindings()));

    [Fact]
    public void Read_FitForSurgeryObservation_ReadAsBoolean()
    {
        var findings = FindingsReader.Read([Project("fit", ObservationCodes.FitForSurgery, new FhirBoolean(false))]);

        Assert.Equal(false, findings.FitForSurgery?.Value);
        Assert.Equal("Observation/fit", findings.FitForSurgery?.Source);
    }

    [Fact]
    public void Read_FitForSurgeryAsCode_ProblemAndMissing()
    {
        var findings = FindingsReader.Read([Project("fit", ObservationCodes.FitForSurgery, new FhirString("yes"))]);

        Assert.Null(findings.FitForSurgery);
        Assert.Contains(findings.Problems, p => p.Source == "Observation/fit");
    }

    [Fact]
    public void Read_TwoFrankelGradesForTheSameTime_NeitherKeptButTheConflictIsADeficit()
    {
        var findings = FindingsReader.Read([
            Project("frankel-c", ObservationCodes.FrankelGrade, Concept(CodeSystems.FrankelGrade, "C")),
            Project("frankel-e", ObservationCodes.FrankelGrade, Concept(CodeSystems.FrankelGrade, "E"))]);

        Assert.Null(findings.FrankelGrade);
        Assert.Equal([FrankelGrade.C, FrankelGrade.E], findings.ConflictingFrankelGrades.Select(f => f.Value).Order());
        Assert.True(NeurologicalState.Assessed(findings));
        Assert.StartsWith("conflicting Frankel grades C, E", Assert.Single(NeurologicalState.Deficits(findings)).What, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NewerFrankelGrade_NoConflict()
    {
        var findings = FindingsReader.Read([
            Project("old", ObservationCodes.FrankelGrade, Concept(CodeSystems.FrankelGrade, "D"), "2025-01-01"),
            Project("new", ObservationCodes.FrankelGrade, Concept(CodeSystems.FrankelGrade, "E"), "2025-03-01")]);

        Assert.Equal(FrankelGrade.E, findings.FrankelGrade?.Value);
        Assert.Empty(findings.ConflictingFrankelGrades);
        Assert.Empty(NeurologicalState.Deficits(findings));
    }

    [Fact]
    public void Read_SignPresentAndAbsentForTheSameTime_ADeficit()
    {
        var findings = FindingsReader.Read([
            Project("weak-yes", ObservationCodes.LimbWeakness, new FhirBoolean(true)),
            Project("weak-no", ObservationCodes.LimbWeakness, new FhirBoolean(false))]);

        Assert.False(findings.Signs.ContainsKey(ObservationCodes.LimbWeakness));
        Assert.True(NeurologicalState.Assessed(findings));
        Assert.Equal(new NeurologicalDeficit("limb-weakness (recorded both present and absent for the same time)", "Observation/weak-yes"),
            Assert.Single(NeurologicalState.Deficits(findings)));
    }
}
