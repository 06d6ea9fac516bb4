using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage.Findings;
using BoneMets.Fhir.Triage.Scores;
using static BoneMets.Fhir.Tests.Triage.Scores.Given;

namespace BoneMets.Fhir.Tests.Triage.Scores;

public class ModifiedBauerTests
{
    [Theory]
    [InlineData(PrimarySite.Breast, 1, 1)]
    [InlineData(PrimarySite.Kidney, 1, 1)]
    [InlineData(PrimarySite.Lymphoma, 1, 1)]
    [InlineData(PrimarySite.Myeloma, 1, 1)]
    [InlineData(PrimarySite.Prostate, 1, 0)]
    [InlineData(PrimarySite.Other, 1, 0)]
    [InlineData(PrimarySite.Lung, 0, 0)]
    [InlineData(PrimarySite.Unknown, 0, 0)]
    public void PrimaryItems_EachSite_NotLungAndFavourable(PrimarySite site, int notLung, int favourable)
    {
        Assert.Equal(notLung, ModifiedBauer.NotLungPoints(site));
        Assert.Equal(favourable, ModifiedBauer.FavourablePrimaryPoints(site));
    }

    [Theory]
    [InlineData(VisceralMetastases.None, 1)]
    [InlineData(VisceralMetastases.Removable, 0)]
    [InlineData(VisceralMetastases.Unremovable, 0)]
    public void Score_VisceralMetastases_OnePointOnlyWhenNone(VisceralMetastases visceral, int points)
    {
        var result = ModifiedBauer.Score(CompletePatient() with { VisceralMetastases = Found(visceral, "Observation/visceral") });

        Assert.Equal(new ScoreItem("no visceral metastases", FindingCodes.VisceralMetastases.Code(visceral), points), result.Items[0]);
    }

    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(1, 0, 1)]
    [InlineData(1, 1, 0)]
    [InlineData(0, 0, 0)]
    [InlineData(4, 3, 0)]
    public void Score_BoneMetastasisCounts_SolitaryMeansExactlyOne(int extraspinal, int vertebral, int points)
    {
        var findings = CompletePatient() with
        {
            ExtraspinalBoneMetastases = Found(extraspinal, "Observation/extraspinal"),
            VertebralBodyMetastases = Found(vertebral, "Observation/vertebral"),
        };

        var item = ModifiedBauer.Score(findings).Items[3];

        Assert.Equal(points, item.Points);
        Assert.Equal($"{extraspinal} extraspinal + {vertebral} vertebral = {extraspinal + vertebral}", item.Input);
    }

    [Fact]
    public void Score_BreastNoVisceralSolitary_FourOfFourGoodPrognosis()
    {
        var result = ModifiedBauer.Score(CompletePatient());

        Assert.Equal(4, result.Total);
        Assert.Equal(ModifiedBauer.Good, result.Band);
        Assert.Equal(["Observation/visceral", "Condition/primary", "Observation/extraspinal", "Observation/vertebral"], result.DerivedFrom);
    }

    [Fact]
    public void Score_LungWithUnremovableVisceralAndSeveralMetastases_Zero()
    {
        var findings = CompletePatient() with
        {
            PrimaryCancer = Found(PrimarySite.Lung, "Condition/lung"),
            VisceralMetastases = Found(VisceralMetastases.Unremovable, "Observation/visceral"),
            ExtraspinalBoneMetastases = Found(2, "Observation/extraspinal"),
        };

        Assert.Equal(0, ModifiedBauer.Score(findings).Total);
    }

    [Fact]
    public void Score_UnknownPrimary_NotLungScoresZeroWithNote()
    {
        var result = ModifiedBauer.Score(CompletePatient() with { PrimaryCancer = Found(PrimarySite.Unknown, "Condition/c80") });

        Assert.Equal(2, result.Total); // no visceral 1 + not lung 0 + favourable 0 + solitary 1
        Assert.Single(result.Notes);
    }

    [Fact]
    public void Score_OneCountMissing_NoTotalEvenWhenOtherCountIsHigh()
    {
        var result = ModifiedBauer.Score(CompletePatient() with { VertebralBodyMetastases = null, ExtraspinalBoneMetastases = Found(5, "Observation/extraspinal") });

        Assert.Null(result.Total);
        Assert.Equal([ObservationCodes.VertebralBodyMetastases], result.Missing);
        Assert.Equal(new ScoreItem("solitary skeletal metastasis", null, null), result.Items[3]);
    }

    [Fact]
    public void Score_PrimaryMissing_ListedOnceAndNoTotal()
    {
        var result = ModifiedBauer.Score(CompletePatient() with { PrimaryCancer = null });

        Assert.Null(result.Total);
        Assert.Equal([FindingNames.PrimaryCancer], result.Missing);
    }

    /// <summary>Leithner 2008's three groups, every edge: 0–1 poor, 2 moderate, 3–4 good.</summary>
    [Theory]
    [InlineData(0, "0-1")]
    [InlineData(1, "0-1")]
    [InlineData(2, "2")]
    [InlineData(3, "3-4")]
    [InlineData(4, "3-4")]
    public void BandFor_EveryTotal_LeithnerGroup(int total, string band) => Assert.Equal(band, ModifiedBauer.BandFor(total).Code);

    [Theory]
    [InlineData(-1)]
    [InlineData(5)]
    public void BandFor_OutsideZeroToFour_Throws(int total) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ModifiedBauer.BandFor(total));

    [Fact]
    public void Score_LungWithVisceralMetastasesAndManyBoneMetastases_ZeroPoorPrognosis()
    {
        // visceral 0 + lung 0 + not favourable 0 + 3 extraspinal + 2 vertebral (not solitary) 0 = 0.
        var result = ModifiedBauer.Score(CompletePatient() with
        {
            PrimaryCancer = Found(PrimarySite.Lung, "Condition/primary"),
            VisceralMetastases = Found(VisceralMetastases.Unremovable, "Observation/visceral"),
            ExtraspinalBoneMetastases = Found(3, "Observation/extraspinal"),
            VertebralBodyMetastases = Found(2, "Observation/vertebral"),
        });

        Assert.Equal(0, result.Total);
        Assert.Equal(ModifiedBauer.Poor, result.Band);
    }

    [Fact]
    public void Score_ProstateNoVisceralMultiple_TwoModerate()
    {
        // no visceral 1 + not lung 1 + prostate not favourable 0 + not solitary 0 = 2.
        var result = ModifiedBauer.Score(CompletePatient() with
        {
            PrimaryCancer = Found(PrimarySite.Prostate, "Condition/primary"),
            ExtraspinalBoneMetastases = Found(2, "Observation/extraspinal"),
        });

        Assert.Equal(2, result.Total);
        Assert.Equal(ModifiedBauer.Moderate, result.Band);
    }

    [Fact]
    public void Score_Incomplete_NoBand() =>
        Assert.Null(ModifiedBauer.Score(CompletePatient() with { VisceralMetastases = null }).Band);
}
