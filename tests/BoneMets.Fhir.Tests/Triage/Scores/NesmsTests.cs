using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage.Findings;
using BoneMets.Fhir.Triage.Scores;
using static BoneMets.Fhir.Tests.Triage.Scores.Given;

namespace BoneMets.Fhir.Tests.Triage.Scores;

public class NesmsTests
{
    [Fact]
    public void Score_RawFour_CappedAtThree()
    {
        // Bauer 4 (≥ 3: 2) + independent 1 + albumin 4.0 g/dL 1 = raw 4.
        var result = Nesms.Score(CompletePatient());

        Assert.Equal(3, result.Total);
        Assert.Equal(Nesms.Nesms3, result.Band);
        Assert.Equal([2, 1, 1], result.Items.Select(i => i.Points ?? -1));
        Assert.Equal(["Raw sum 4 capped at 3 (the ceiling stated in the derivation)."], result.Notes);
    }

    [Theory]
    [InlineData("3.5", 1)]
    [InlineData("3.50", 1)]
    [InlineData("3.49", 0)]
    [InlineData("2.1", 0)]
    public void Score_AlbuminThreshold_ThreePointFiveGramsPerDecilitreScores(string albumin, int points)
    {
        var result = Nesms.Score(CompletePatient() with { AlbuminGPerDl = Found(Dec(albumin), "Observation/albumin") });

        Assert.Equal(points, result.Items[2].Points);
    }

    [Theory]
    [InlineData(PrimarySite.Breast, AmbulatoryStatus.Independent, "3.5", 3)]     // raw 4 → 3
    [InlineData(PrimarySite.Prostate, AmbulatoryStatus.Independent, "3.5", 3)]   // Bauer 3 → 2 + 1 + 1 = 4 → 3
    [InlineData(PrimarySite.Prostate, AmbulatoryStatus.Assisted, "3.5", 3)]      // 2 + 0 + 1
    [InlineData(PrimarySite.Prostate, AmbulatoryStatus.Assisted, "3.4", 2)]      // 2 + 0 + 0
    [InlineData(PrimarySite.Lung, AmbulatoryStatus.Independent, "3.5", 2)]       // Bauer 2 → 0 + 1 + 1
    [InlineData(PrimarySite.Lung, AmbulatoryStatus.NonAmbulatory, "3.5", 1)]
    [InlineData(PrimarySite.Lung, AmbulatoryStatus.NonAmbulatory, "3.0", 0)]
    public void Score_Combinations_AddWithCeiling(PrimarySite site, AmbulatoryStatus ambulation, string albumin, int total)
    {
        var findings = CompletePatient() with
        {
            PrimaryCancer = Found(site, "Condition/primary"),
            AmbulatoryStatus = Found(ambulation, "Observation/ambulation"),
            AlbuminGPerDl = Found(Dec(albumin), "Observation/albumin"),
        };

        var result = Nesms.Score(findings);

        Assert.Equal(total, result.Total);
        Assert.Equal($"nesms-{total}", result.Band!.Code);
    }

    [Fact]
    public void Score_AlbuminMissing_NoTotalAndNotScoredAsLow()
    {
        var result = Nesms.Score(CompletePatient() with { AlbuminGPerDl = null });

        Assert.Null(result.Total);
        Assert.Equal([FindingNames.SerumAlbumin], result.Missing);
    }

    [Fact]
    public void Score_BauerIncomplete_PassesOnBauersMissingInputs()
    {
        var result = Nesms.Score(CompletePatient() with { VisceralMetastases = null });

        Assert.Null(result.Total);
        Assert.Equal([ObservationCodes.VisceralMetastases], result.Missing);
        Assert.Equal(new ScoreItem("modified Bauer ≥ 3", null, null), result.Items[0]);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(-1)]
    public void BandFor_OutsideZeroToThree_Throws(int total) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Nesms.BandFor(total));
}
