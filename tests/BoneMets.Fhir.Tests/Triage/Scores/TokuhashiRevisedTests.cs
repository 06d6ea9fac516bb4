using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage.Findings;
using BoneMets.Fhir.Triage.Scores;
using static BoneMets.Fhir.Tests.Triage.Scores.Given;

namespace BoneMets.Fhir.Tests.Triage.Scores;

public class TokuhashiRevisedTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(10, 0)]
    [InlineData(40, 0)]
    [InlineData(50, 1)]
    [InlineData(70, 1)]
    [InlineData(80, 2)]
    [InlineData(100, 2)]
    public void KarnofskyPoints_EachEdge_PoorModerateGood(int karnofsky, int points) =>
        Assert.Equal(points, TokuhashiRevised.KarnofskyPoints(karnofsky));

    [Theory]
    [InlineData(0, 2)]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(3, 0)]
    [InlineData(12, 0)]
    public void ExtraspinalPoints_EachRow_ScoresAsPublished(int count, int points) =>
        Assert.Equal(points, TokuhashiRevised.ExtraspinalPoints(count));

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 1)]
    [InlineData(3, 0)]
    [InlineData(9, 0)]
    public void VertebralPoints_EachRow_ScoresAsPublished(int count, int points) =>
        Assert.Equal(points, TokuhashiRevised.VertebralPoints(count));

    [Fact]
    public void VertebralPoints_Zero_IsOutsideTheTable() => Assert.Null(TokuhashiRevised.VertebralPoints(0));

    [Theory]
    [InlineData(VisceralMetastases.Unremovable, 0)]
    [InlineData(VisceralMetastases.Removable, 1)]
    [InlineData(VisceralMetastases.None, 2)]
    public void VisceralPoints_EachRow_ScoresAsPublished(VisceralMetastases visceral, int points) =>
        Assert.Equal(points, TokuhashiRevised.VisceralPoints(visceral));

    [Theory]
    [InlineData(PrimarySite.Lung, 0)]
    [InlineData(PrimarySite.Bone, 0)]
    [InlineData(PrimarySite.Stomach, 0)]
    [InlineData(PrimarySite.Bladder, 0)]
    [InlineData(PrimarySite.Oesophagus, 0)]
    [InlineData(PrimarySite.Pancreas, 0)]
    [InlineData(PrimarySite.Liver, 1)]
    [InlineData(PrimarySite.GallbladderOrBiliary, 1)]
    [InlineData(PrimarySite.Unknown, 1)]
    [InlineData(PrimarySite.Colon, 2)]
    [InlineData(PrimarySite.Melanoma, 2)]
    [InlineData(PrimarySite.Lymphoma, 2)]
    [InlineData(PrimarySite.Myeloma, 2)]
    [InlineData(PrimarySite.Testis, 2)]
    [InlineData(PrimarySite.Other, 2)]
    [InlineData(PrimarySite.Kidney, 3)]    // 2005 table; not the 1990 value
    [InlineData(PrimarySite.Uterus, 3)]
    [InlineData(PrimarySite.Rectum, 4)]    // 2005 table
    [InlineData(PrimarySite.Thyroid, 5)]
    [InlineData(PrimarySite.Breast, 5)]
    [InlineData(PrimarySite.Prostate, 5)]
    [InlineData(PrimarySite.Carcinoid, 5)]
    public void PrimarySitePoints_EverySite_FollowsThe2005Table(PrimarySite site, int points) =>
        Assert.Equal(points, TokuhashiRevised.PrimarySitePoints(site));

    [Fact]
    public void PrimarySitePoints_TestedForEverySite() =>
        Assert.Equal(22, Enum.GetValues<PrimarySite>().Length);

    [Theory]
    [InlineData(FrankelGrade.A, 0)]
    [InlineData(FrankelGrade.B, 0)]
    [InlineData(FrankelGrade.C, 1)]
    [InlineData(FrankelGrade.D, 1)]
    [InlineData(FrankelGrade.E, 2)]
    public void FrankelPoints_EachGrade_ScoresAsPublished(FrankelGrade grade, int points) =>
        Assert.Equal(points, TokuhashiRevised.FrankelPoints(grade));

    [Theory]
    [InlineData(0, "under-6-months")]
    [InlineData(8, "under-6-months")]
    [InlineData(9, "6-months-or-more")]
    [InlineData(11, "6-months-or-more")]
    [InlineData(12, "1-year-or-more")]
    [InlineData(15, "1-year-or-more")]
    public void BandFor_EachEdge_SurvivalNotInverted(int total, string band) =>
        Assert.Equal(band, TokuhashiRevised.BandFor(total).Code);

    [Fact]
    public void BandFor_Sixteen_ThrowsBecauseTheRangeIsZeroToFifteen() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TokuhashiRevised.BandFor(16));

    [Fact]
    public void Score_BestCase_FifteenOfFifteen()
    {
        var result = TokuhashiRevised.Score(CompletePatient());

        Assert.Equal(15, result.Total); // 2 + 2 + 2 + 2 + breast 5 + 2
        Assert.Equal(TokuhashiRevised.OneYearOrMore, result.Band);
        Assert.Equal(
            ["Observation/kps", "Observation/extraspinal", "Observation/vertebral", "Observation/visceral", "Condition/primary", "Observation/frankel"],
            result.DerivedFrom);
        Assert.Equal("Tokuhashi revised 2005", result.Version);
    }

    [Fact]
    public void Score_RectumPrimary_ScoresFourAndReachesNine()
    {
        var findings = CompletePatient() with
        {
            PrimaryCancer = Found(PrimarySite.Rectum, "Condition/rectum"),
            Karnofsky = Found(70, "Observation/kps"),
            ExtraspinalBoneMetastases = Found(3, "Observation/extraspinal"),
            VertebralBodyMetastases = Found(2, "Observation/vertebral"),
            VisceralMetastases = Found(VisceralMetastases.Removable, "Observation/visceral"),
            FrankelGrade = Found(FrankelGrade.E, "Observation/frankel"),
        };

        var result = TokuhashiRevised.Score(findings);

        Assert.Equal(9, result.Total); // Karnofsky 70: 1, ≥ 3 extraspinal: 0, 2 vertebral: 1, removable: 1, rectum: 4, Frankel E: 2
        Assert.Equal([1, 0, 1, 1, 4, 2], result.Items.Select(i => i.Points ?? -1));
        Assert.Equal(TokuhashiRevised.SixMonthsOrMore, result.Band);
    }

    [Fact]
    public void Score_OnlyEcog_KarnofskyMissingAndNotConverted()
    {
        var findings = CompletePatient() with { Karnofsky = null, Ecog = Found(1, "Observation/ecog") };

        var result = TokuhashiRevised.Score(findings);

        Assert.Null(result.Total);
        Assert.Null(result.Band);
        Assert.Equal([FindingNames.Karnofsky], result.Missing);
        Assert.DoesNotContain("Observation/ecog", result.DerivedFrom);
        Assert.Contains(result.Notes, n => n.StartsWith("ECOG 1 recorded (Observation/ecog) but not converted", StringComparison.Ordinal));
    }

    [Fact]
    public void Score_NoVertebralMetastasis_NoTotalButNothingMissing()
    {
        var result = TokuhashiRevised.Score(CompletePatient() with { VertebralBodyMetastases = Found(0, "Observation/vertebral") });

        Assert.Null(result.Total);
        Assert.Empty(result.Missing);
        Assert.Equal(new ScoreItem("metastases in vertebral bodies", "0", null), result.Items[2]);
    }

    [Fact]
    public void Score_FrankelMissing_NoTotalAndNotScoredAsComplete()
    {
        var result = TokuhashiRevised.Score(CompletePatient() with { FrankelGrade = null });

        Assert.Null(result.Total);
        Assert.Equal([ObservationCodes.FrankelGrade], result.Missing);
    }

    [Fact]
    public void Score_DeficitRecordedWithoutFrankel_PalsyMissingAndSaysWhy()
    {
        var findings = CompletePatient() with
        {
            FrankelGrade = null,
            Signs = new Dictionary<string, Finding<bool>> { [ObservationCodes.LimbWeakness] = Found(true, "Observation/weak") },
        };

        var result = TokuhashiRevised.Score(findings);

        Assert.Null(result.Total);
        Assert.Equal([ObservationCodes.FrankelGrade], result.Missing);
        Assert.Contains(result.Notes, n => n.StartsWith("Neurological deficit recorded (limb-weakness) but no Frankel grade", StringComparison.Ordinal));
    }
}
