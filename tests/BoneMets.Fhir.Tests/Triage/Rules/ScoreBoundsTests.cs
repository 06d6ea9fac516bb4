using BoneMets.Fhir.Triage.Findings;
using BoneMets.Fhir.Triage.Rules;
using BoneMets.Fhir.Triage.Scores;
using static BoneMets.Fhir.Tests.Triage.Scores.Given;

namespace BoneMets.Fhir.Tests.Triage.Rules;

public class ScoreBoundsTests
{
    [Fact]
    public void OfMirels_Complete_IsTheTotalBothWays()
    {
        Assert.Equal(new ScoreBounds(8, 8), ScoreBounds.OfMirels(Mirels.Score(LongBoneLesion())));
    }

    [Theory]
    [InlineData(null, "moderate", "mixed", 50, 7, 9)]     // site 1–3
    [InlineData("LowerLimb", null, null, 50, 6, 10)]      // pain and lesion 1–3 each
    [InlineData(null, null, null, null, 4, 12)]           // nothing known: the whole published range
    public void OfMirels_MissingItems_ScoreOneToThreeEach(string? site, string? pain, string? type, int? percent, int lowest, int highest)
    {
        var lesion = LongBoneLesion(
            site is null ? null : Enum.Parse<MirelsSite>(site),
            pain is null ? null : Enum.Parse<MirelsPain>(pain, ignoreCase: true),
            type is null ? null : Enum.Parse<LesionType>(type, ignoreCase: true),
            percent);

        Assert.Equal(new ScoreBounds(lowest, highest), ScoreBounds.OfMirels(Mirels.Score(lesion)));
    }

    [Fact]
    public void OfSins_NothingKnown_IsTheWholePublishedRange()
    {
        var lesion = SpinalLesion(level: null, pain: null, type: null, alignment: null, collapse: null, posterolateral: null);

        Assert.Equal(new ScoreBounds(0, Sins.MaximumTotal), ScoreBounds.OfSins(Sins.Score(lesion)));
    }

    [Fact]
    public void OfSins_AlignmentMissing_AddsZeroToFour()
    {
        var lesion = SpinalLesion(level: "L3", pain: SpinalPain.Mechanical, type: LesionType.Lytic, alignment: null);

        Assert.Equal(new ScoreBounds(7, 11), ScoreBounds.OfSins(Sins.Score(lesion))); // 2 + 3 + 2 + 0 + 0 + 0, alignment 0–4
    }

    [Theory]
    [InlineData(6, 8, 7, true)]
    [InlineData(7, 8, 7, false)]   // already at the threshold: the band cannot change downward past it
    [InlineData(4, 6, 7, false)]
    [InlineData(8, 8, 8, false)]
    public void Straddles_ThresholdInsideTheBounds(int lowest, int highest, int threshold, bool expected)
    {
        Assert.Equal(expected, new ScoreBounds(lowest, highest).Straddles(threshold));
    }
}
