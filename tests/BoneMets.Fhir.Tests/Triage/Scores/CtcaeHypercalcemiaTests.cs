using BoneMets.Fhir.Triage.Findings;
using BoneMets.Fhir.Triage.Scores;
using static BoneMets.Fhir.Tests.Triage.Scores.Given;

namespace BoneMets.Fhir.Tests.Triage.Scores;

public class CtcaeHypercalcemiaTests
{
    [Theory]
    [InlineData("10.5", 0)]
    [InlineData("10.51", 1)]
    [InlineData("11.5", 1)]
    [InlineData("11.51", 2)]
    [InlineData("12.5", 2)]
    [InlineData("12.51", 3)]
    [InlineData("13.5", 3)]
    [InlineData("13.51", 4)]
    public void GradeFor_EachEdgeWithDefaultUln_GradesAsCtcaeV5(string corrected, int grade) =>
        Assert.Equal(grade, CtcaeHypercalcemia.GradeFor(Dec(corrected), ScoreSettings.Default.CalciumUpperLimitOfNormalMgPerDl));

    [Fact]
    public void GradeFor_LowerUln_GradeOneStartsAboveIt()
    {
        Assert.Equal(1, CtcaeHypercalcemia.GradeFor(10.3m, 10.2m));
        Assert.Equal(0, CtcaeHypercalcemia.GradeFor(10.2m, 10.2m));
    }

    [Fact]
    public void Grade_ThirteenPointEight_IsGradeFourWhileTheSeverityBandIsModerate()
    {
        var findings = new ClinicalFindings
        {
            CalciumMgPerDl = Found(13.8m, "Observation/calcium"),
            AlbuminGPerDl = Found(4.0m, "Observation/albumin"),
        };

        var ctcae = CtcaeHypercalcemia.Grade(findings, ScoreSettings.Default);
        var severity = CorrectedCalcium.Calculate(findings, ScoreSettings.Default);

        Assert.Equal(4, ctcae.Total);
        Assert.Equal(CtcaeHypercalcemia.Grade4, ctcae.Band);
        Assert.Equal(CorrectedCalcium.Moderate, severity.Band);
    }

    [Fact]
    public void Grade_UsesCorrectedNotMeasuredCalcium()
    {
        // Measured 11.0 (grade 1) with albumin 2.0 → corrected 12.60 (grade 3).
        var findings = new ClinicalFindings
        {
            CalciumMgPerDl = Found(11.0m, "Observation/calcium"),
            AlbuminGPerDl = Found(2.0m, "Observation/albumin"),
        };

        var result = CtcaeHypercalcemia.Grade(findings, ScoreSettings.Default);

        Assert.Equal(3, result.Total);
        Assert.Contains(new ScoreItem("corrected calcium", "12.60 mg/dL", 3), result.Items);
    }

    [Fact]
    public void Grade_AlbuminMissing_NoGrade()
    {
        var result = CtcaeHypercalcemia.Grade(new ClinicalFindings { CalciumMgPerDl = Found(15m, "Observation/calcium") }, ScoreSettings.Default);

        Assert.Null(result.Total);
        Assert.Null(result.Band);
        Assert.Equal([FindingNames.SerumAlbumin], result.Missing);
    }
}
