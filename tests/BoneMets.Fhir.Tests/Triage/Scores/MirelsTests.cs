using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage.Findings;
using BoneMets.Fhir.Triage.Scores;
using static BoneMets.Fhir.Tests.Triage.Scores.Given;

namespace BoneMets.Fhir.Tests.Triage.Scores;

public class MirelsTests
{
    [Theory]
    [InlineData(MirelsSite.UpperLimb, 1)]
    [InlineData(MirelsSite.LowerLimb, 2)]
    [InlineData(MirelsSite.Peritrochanteric, 3)]
    public void SitePoints_EachRow_ScoresAsPublished(MirelsSite site, int points) =>
        Assert.Equal(points, Mirels.SitePoints(site));

    [Theory]
    [InlineData(MirelsPain.Mild, 1)]
    [InlineData(MirelsPain.Moderate, 2)]
    [InlineData(MirelsPain.Functional, 3)]
    public void PainPoints_EachRow_ScoresAsPublished(MirelsPain pain, int points) =>
        Assert.Equal(points, Mirels.PainPoints(pain));

    [Theory]
    [InlineData(LesionType.Blastic, 1)]
    [InlineData(LesionType.Mixed, 2)]
    [InlineData(LesionType.Lytic, 3)]
    public void LesionPoints_EachRow_ScoresAsPublished(LesionType type, int points) =>
        Assert.Equal(points, Mirels.LesionPoints(type));

    [Theory]
    [InlineData("0", 1)]
    [InlineData("20", 1)]
    [InlineData("32", 1)]
    [InlineData("33.32", 1)]
    [InlineData("33", 2)]        // 1/3 at whole-percent precision
    [InlineData("33.3", 2)]      // 1/3 at one decimal: the edge, not "< 1/3"
    [InlineData("33.33", 2)]
    [InlineData("33.333", 2)]
    [InlineData("33.34", 2)]
    [InlineData("50", 2)]
    [InlineData("66", 2)]
    [InlineData("66.6", 2)]
    [InlineData("66.666", 2)]
    [InlineData("66.67", 2)]     // 2/3 at two decimals: the edge, not "> 2/3"
    [InlineData("66.7", 2)]
    [InlineData("67", 2)]
    [InlineData("66.668", 3)]
    [InlineData("66.68", 3)]
    [InlineData("66.70", 3)]     // claims hundredths: 66.70 > 66.67
    [InlineData("68", 3)]
    [InlineData("100", 3)]
    public void SizePoints_AroundOneThirdAndTwoThirds_EdgesScoreTwo(string percent, int points) =>
        Assert.Equal(points, Mirels.SizePoints(Dec(percent)));

    [Theory]
    [InlineData("-1")]
    [InlineData("100.1")]
    public void SizePoints_OutsidePercentRange_Throws(string percent) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Mirels.SizePoints(Dec(percent)));

    [Theory]
    [InlineData(4, "radiotherapy-observation")]
    [InlineData(7, "radiotherapy-observation")]
    [InlineData(8, "clinical-judgement")]
    [InlineData(9, "prophylactic-fixation")]
    [InlineData(12, "prophylactic-fixation")]
    public void BandFor_EachEdge_GivesPublishedBand(int total, string band) =>
        Assert.Equal(band, Mirels.BandFor(total).Code);

    [Theory]
    [InlineData(3)]
    [InlineData(13)]
    public void BandFor_OutsideFourToTwelve_Throws(int total) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Mirels.BandFor(total));

    [Fact]
    public void Score_TotalEight_IsClinicalJudgementNotFixation()
    {
        // lower limb 2 + moderate 2 + mixed 2 + 50 % 2 = 8: "≥ 8 → fix" is a secondary-source error.
        var result = Mirels.Score(LongBoneLesion());

        Assert.Equal(8, result.Total);
        Assert.Equal(Mirels.ClinicalJudgementBand, result.Band);
        Assert.NotEqual(Mirels.ProphylacticFixation, result.Band);
    }

    [Fact]
    public void Score_WorstLesion_TwelveAndFixation()
    {
        var result = Mirels.Score(LongBoneLesion(MirelsSite.Peritrochanteric, MirelsPain.Functional, LesionType.Lytic, 70m));

        Assert.Equal(12, result.Total);
        Assert.Equal("prophylactic-fixation", result.Band!.Code);
        Assert.Equal(
            [new ScoreItem("site", "peritrochanteric", 3), new ScoreItem("pain", "functional", 3),
             new ScoreItem("lesion", "lytic", 3), new ScoreItem("size", "70 %", 3)],
            result.Items);
        Assert.Equal([LesionSource], result.DerivedFrom);
        Assert.Empty(result.Missing);
        Assert.Equal(("Mirels' score", "Mirels 1989"), (result.Name, result.Version));
        Assert.Contains("1989;(249):256–264", result.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_MildestLesion_FourAndObservation()
    {
        var result = Mirels.Score(LongBoneLesion(MirelsSite.UpperLimb, MirelsPain.Mild, LesionType.Blastic, 10m));

        Assert.Equal(4, result.Total);
        Assert.Equal("radiotherapy-observation", result.Band!.Code);
    }

    [Fact]
    public void Score_PainMissing_NoTotalAndNotScoredAsMild()
    {
        // With pain read as "mild" this lesion would total 4; unknown is not lowest.
        var result = Mirels.Score(LongBoneLesion(MirelsSite.UpperLimb, pain: null, LesionType.Blastic, 10m));

        Assert.Null(result.Total);
        Assert.Null(result.Band);
        Assert.Equal([ObservationCodes.MirelsPain], result.Missing);
        Assert.Equal(new ScoreItem("pain", null, null), result.Items[1]);
    }

    [Fact]
    public void Score_NothingKnown_ListsEveryInputMissing()
    {
        var result = Mirels.Score(new BoneLesion { Source = LesionSource });

        Assert.Null(result.Total);
        Assert.Equal(
            [ObservationCodes.MirelsSite, ObservationCodes.MirelsPain, ObservationCodes.LesionType, ObservationCodes.DiameterFraction],
            result.Missing);
        Assert.Empty(result.DerivedFrom);
    }
}
