using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage.Findings;
using BoneMets.Fhir.Triage.Scores;
using static BoneMets.Fhir.Tests.Triage.Scores.Given;

namespace BoneMets.Fhir.Tests.Triage.Scores;

public class SinsTests
{
    public static TheoryData<string, int, string> EveryLevel()
    {
        var data = new TheoryData<string, int, string> { { "occiput", 3, "junctional" } };
        for (var n = 1; n <= 7; n++)
        {
            data.Add($"C{n}", n is 1 or 2 or 7 ? 3 : 2, n is 1 or 2 or 7 ? "junctional" : "mobile");
        }

        for (var n = 1; n <= 12; n++)
        {
            data.Add($"T{n}", n is 1 or 2 or 11 or 12 ? 3 : 1, n is 1 or 2 or 11 or 12 ? "junctional" : "semirigid");
        }

        for (var n = 1; n <= 5; n++)
        {
            data.Add($"L{n}", n is 1 or 5 ? 3 : 2, n is 1 or 5 ? "junctional" : "mobile");
        }

        for (var n = 1; n <= 5; n++)
        {
            data.Add($"S{n}", n == 1 ? 3 : 0, n == 1 ? "junctional" : "rigid");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryLevel))]
    public void LocationPoints_EveryLevel_FollowsFisherTable(string level, int points, string category)
    {
        Assert.Equal(points, Sins.LocationPoints(Level(level)));
        Assert.Equal(category, Sins.LocationCategory(Level(level)));
    }

    [Fact]
    public void EveryLevel_CoversAllThirtyLevels() => Assert.Equal(30, EveryLevel().Count);

    [Theory]
    [InlineData("C2", 3)]   // last of occiput–C2
    [InlineData("C3", 2)]
    [InlineData("C6", 2)]
    [InlineData("C7", 3)]   // C7–T2
    [InlineData("T2", 3)]
    [InlineData("T3", 1)]
    [InlineData("T10", 1)]
    [InlineData("T11", 3)]  // T11–L1
    [InlineData("L1", 3)]
    [InlineData("L2", 2)]
    [InlineData("L4", 2)]
    [InlineData("L5", 3)]   // L5–S1
    [InlineData("S1", 3)]
    [InlineData("S2", 0)]
    public void LocationPoints_JunctionEdges_ScoreAsPublished(string level, int points) =>
        Assert.Equal(points, Sins.LocationPoints(Level(level)));

    [Theory]
    [InlineData(SpinalPain.Mechanical, 3)]
    [InlineData(SpinalPain.Occasional, 1)]
    [InlineData(SpinalPain.PainFree, 0)]
    public void PainPoints_EachRow_IsThreeOneZeroNotThreeTwoOne(SpinalPain pain, int points) =>
        Assert.Equal(points, Sins.PainPoints(pain));

    [Theory]
    [InlineData(LesionType.Lytic, 2)]
    [InlineData(LesionType.Mixed, 1)]
    [InlineData(LesionType.Blastic, 0)]
    public void LesionPoints_EachRow_ScoresAsPublished(LesionType type, int points) =>
        Assert.Equal(points, Sins.LesionPoints(type));

    [Theory]
    [InlineData(SpinalAlignment.Subluxation, 4)]
    [InlineData(SpinalAlignment.Deformity, 2)]
    [InlineData(SpinalAlignment.Normal, 0)]
    public void AlignmentPoints_EachRow_ScoresAsPublished(SpinalAlignment alignment, int points) =>
        Assert.Equal(points, Sins.AlignmentPoints(alignment));

    [Theory]
    [InlineData(VertebralCollapse.Over50, 3)]
    [InlineData(VertebralCollapse.Under50, 2)]
    [InlineData(VertebralCollapse.NoneOver50Involved, 1)]
    [InlineData(VertebralCollapse.None, 0)]
    public void CollapsePoints_EachRow_ScoresAsPublished(VertebralCollapse collapse, int points) =>
        Assert.Equal(points, Sins.CollapsePoints(collapse));

    [Theory]
    [InlineData(PosterolateralInvolvement.Bilateral, 3)]
    [InlineData(PosterolateralInvolvement.Unilateral, 1)]
    [InlineData(PosterolateralInvolvement.None, 0)]
    public void PosterolateralPoints_EachRow_ScoresAsPublished(PosterolateralInvolvement involvement, int points) =>
        Assert.Equal(points, Sins.PosterolateralPoints(involvement));

    [Theory]
    [InlineData(0, "stable")]
    [InlineData(6, "stable")]
    [InlineData(7, "indeterminate")]
    [InlineData(12, "indeterminate")]
    [InlineData(13, "unstable")]
    [InlineData(18, "unstable")]
    public void BandFor_EachEdge_GivesPublishedBand(int total, string band) =>
        Assert.Equal(band, Sins.BandFor(total).Code);

    [Theory]
    [InlineData(-1)]
    [InlineData(19)]
    public void BandFor_OutsideZeroToEighteen_Throws(int total) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Sins.BandFor(total));

    [Fact]
    public void Score_WorstLesion_EighteenUnstable()
    {
        var result = Sins.Score(SpinalLesion("T12", SpinalPain.Mechanical, LesionType.Lytic, SpinalAlignment.Subluxation,
            VertebralCollapse.Over50, PosterolateralInvolvement.Bilateral));

        Assert.Equal(18, result.Total);
        Assert.Equal(Sins.Unstable, result.Band);
        Assert.Equal(new ScoreItem("location", "T12 (junctional)", 3), result.Items[0]);
        Assert.Equal([LesionSource], result.DerivedFrom);
    }

    [Fact]
    public void Score_StableLesion_OneAndStable()
    {
        var result = Sins.Score(SpinalLesion());

        Assert.Equal(1, result.Total); // T6 semirigid 1, everything else 0
        Assert.Equal("stable", result.Band!.Code);
    }

    [Fact]
    public void Score_OccasionalPainPushesToSeven_IndeterminateWithPainOfOne()
    {
        // L3 mobile 2 + occasional 1 + lytic 2 + deformity 2 + no collapse 0 + no posterolateral 0 = 7.
        // With the miscopied 3/2/1 pain row this would be 8; with pain-free it would be 6 (stable).
        var result = Sins.Score(SpinalLesion("L3", SpinalPain.Occasional, LesionType.Lytic, SpinalAlignment.Deformity));

        Assert.Equal(7, result.Total);
        Assert.Equal("indeterminate", result.Band!.Code);
        Assert.Equal(new ScoreItem("pain", "occasional", 1), result.Items[1]);
    }

    [Fact]
    public void Score_AlignmentMissing_NoTotalAndNotScoredAsNormal()
    {
        var result = Sins.Score(SpinalLesion(alignment: null));

        Assert.Null(result.Total);
        Assert.Null(result.Band);
        Assert.Equal([ObservationCodes.SpinalAlignment], result.Missing);
    }

    [Fact]
    public void Score_LevelMissing_NoTotal()
    {
        var result = Sins.Score(SpinalLesion(level: null));

        Assert.Null(result.Total);
        Assert.Equal([ObservationCodes.SpinalLevel], result.Missing);
    }
}
