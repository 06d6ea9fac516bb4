using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage.Findings;
using BoneMets.Fhir.Triage.Scores;
using static BoneMets.Fhir.Tests.Triage.Scores.Given;

namespace BoneMets.Fhir.Tests.Triage.Scores;

public class BilskyEsccTests
{
    [Theory]
    [InlineData(EsccGrade.Grade0, "low-grade")]
    [InlineData(EsccGrade.Grade1a, "low-grade")]
    [InlineData(EsccGrade.Grade1b, "low-grade")]
    [InlineData(EsccGrade.Grade1c, "low-grade-spine-review")]
    [InlineData(EsccGrade.Grade2, "high-grade")]
    [InlineData(EsccGrade.Grade3, "high-grade")]
    public void BandFor_DefaultPolicy_EachGrade(EsccGrade grade, string band) =>
        Assert.Equal(band, BilskyEscc.BandFor(grade, ScoreSettings.Default.Escc1c).Code);

    [Fact]
    public void BandFor_OneCUnderHighGradePolicy_IsHighGrade() =>
        Assert.Equal(BilskyEscc.HighGrade, BilskyEscc.BandFor(EsccGrade.Grade1c, Escc1cPolicy.HighGrade));

    [Fact]
    public void Grade_OneC_LowGradeFlaggedForSpineReview()
    {
        var result = BilskyEscc.Grade(SpinalLesion(escc: EsccGrade.Grade1c), Escc1cPolicy.LowGradeWithSpineReview);

        Assert.Equal(BilskyEscc.LowGradeSpineReview, result.Band);
        Assert.Equal([new ScoreItem("grade", "1c", null)], result.Items);
        Assert.Contains(result.Notes, n => n.Contains("spine team to review", StringComparison.Ordinal));
        Assert.Null(result.Total);
        Assert.Equal([LesionSource], result.DerivedFrom);
    }

    [Fact]
    public void Grade_Three_HighGradeWithoutNotes()
    {
        var result = BilskyEscc.Grade(SpinalLesion(escc: EsccGrade.Grade3), Escc1cPolicy.LowGradeWithSpineReview);

        Assert.Equal("high-grade", result.Band!.Code);
        Assert.Empty(result.Notes);
    }

    [Fact]
    public void Grade_Missing_NoBandAndNotReadAsGradeZero()
    {
        var result = BilskyEscc.Grade(SpinalLesion(escc: null), Escc1cPolicy.LowGradeWithSpineReview);

        Assert.Null(result.Band);
        Assert.Equal([ObservationCodes.EsccGrade], result.Missing);
    }
}
