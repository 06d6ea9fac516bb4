using BoneMets.Fhir.Triage.Findings;
using BoneMets.Fhir.Triage.Scores;
using static BoneMets.Fhir.Tests.Triage.Scores.Given;

namespace BoneMets.Fhir.Tests.Triage.Scores;

public class CorrectedCalciumTests
{
    private static ClinicalFindings Labs(string? calcium, string? albumin) => new()
    {
        CalciumMgPerDl = calcium is null ? null : Found(Dec(calcium), "Observation/calcium"),
        AlbuminGPerDl = albumin is null ? null : Found(Dec(albumin), "Observation/albumin"),
    };

    [Theory]
    [InlineData("10.0", "4.0", "10.00", "mild-free")]
    [InlineData("10.0", "3.0", "10.80", "mild")]
    [InlineData("9.6", "2.5", "10.80", "mild")]
    [InlineData("11.0", "2.0", "12.60", "moderate")]
    [InlineData("13.0", "2.5", "14.20", "severe")]
    [InlineData("8.5", "1.8", "10.26", "mild-free")]
    public void Calculate_AlbuminAtOrBelowFour_AddsPointEightPerGram(string calcium, string albumin, string corrected, string band)
    {
        var result = CorrectedCalcium.Calculate(Labs(calcium, albumin), ScoreSettings.Default);

        Assert.Equal(Dec(corrected), result.Quantities[0].Value);
        Assert.Equal("mg/dL", result.Quantities[0].Unit);
        Assert.Equal(band == "mild-free" ? "not-hypercalcaemic" : band, result.Band!.Code);
        Assert.Equal(["Observation/calcium", "Observation/albumin"], result.DerivedFrom);
    }

    [Theory]
    [InlineData("10.49", "not-hypercalcaemic")]
    [InlineData("10.5", "mild")]
    [InlineData("11.99", "mild")]
    [InlineData("12.0", "moderate")]
    [InlineData("13.99", "moderate")]
    [InlineData("14.0", "severe")]
    [InlineData("16.2", "severe")]
    public void BandFor_EachEdge_MildModerateSevere(string corrected, string band) =>
        Assert.Equal(band, CorrectedCalcium.BandFor(Dec(corrected)).Code);

    [Fact]
    public void Calculate_ReportsMgPerDlAndMmolPerL()
    {
        var result = CorrectedCalcium.Calculate(Labs("12.0", "4.0"), ScoreSettings.Default);

        Assert.Equal([new ScoreQuantity(12.00m, "mg/dL"), new ScoreQuantity(2.994m, "mmol/L")], result.Quantities);
    }

    [Fact]
    public void Calculate_AlbuminAboveFour_MeasuredCalciumUsedAndSaysSo()
    {
        // Corrected downward this would be 10.8 + 0.8 × (4.0 − 4.5) = 10.40 (not hypercalcaemic).
        var result = CorrectedCalcium.Calculate(Labs("10.8", "4.5"), ScoreSettings.Default);

        Assert.Equal(10.80m, result.Quantities[0].Value);
        Assert.Equal(CorrectedCalcium.Mild, result.Band);
        Assert.Contains(new ScoreItem("albumin correction", "not applied: albumin 4.5 g/dL > 4.0 (local policy: no downward correction)", null), result.Items);
        Assert.Contains("Albumin 4.5 g/dL is above 4.0 g/dL: correction not applied (local policy); measured calcium used.", result.Notes);
    }

    [Fact]
    public void Calculate_AlbuminAboveFourWithDownwardCorrectionAllowed_Corrects()
    {
        var result = CorrectedCalcium.Calculate(Labs("10.8", "4.5"), ScoreSettings.Default with { CorrectCalciumWhenAlbuminAbove4 = true });

        Assert.Equal(10.40m, result.Quantities[0].Value);
        Assert.Equal(CorrectedCalcium.NotHypercalcaemic, result.Band);
    }

    [Fact]
    public void Calculate_AlbuminExactlyFour_CorrectionOfZeroApplied()
    {
        var result = CorrectedCalcium.Calculate(Labs("11.2", "4.0"), ScoreSettings.Default);

        Assert.Equal(11.20m, result.Quantities[0].Value);
        Assert.Contains(new ScoreItem("albumin correction", "+0.00 mg/dL", null), result.Items);
        Assert.Empty(result.Notes);
    }

    [Fact]
    public void Calculate_AlbuminMissing_NothingComputedButMeasuredValueNoted()
    {
        var result = CorrectedCalcium.Calculate(Labs("14.5", null), ScoreSettings.Default);

        Assert.Empty(result.Quantities);
        Assert.Null(result.Band);
        Assert.Equal([FindingNames.SerumAlbumin], result.Missing);
        Assert.Equal(new ScoreItem("measured calcium", "14.50 mg/dL", null), result.Items[0]);
        Assert.Contains(result.Notes, n => n.Contains("measured 14.50 mg/dL is a floor", StringComparison.Ordinal));
    }

    [Fact]
    public void Calculate_CalciumMissing_NothingComputed()
    {
        var result = CorrectedCalcium.Calculate(Labs(null, "3.0"), ScoreSettings.Default);

        Assert.Empty(result.Quantities);
        Assert.Equal([FindingNames.SerumCalcium], result.Missing);
    }

    [Fact]
    public void Calculate_SiValuesNormalisedByReader_MatchTheSiFormulaToTwoDecimals()
    {
        // 2.50 mmol/L with 30 g/L: SI formula 2.50 + 0.02 × (40 − 30) = 2.70 mmol/L = 10.82 mg/dL.
        var result = CorrectedCalcium.Calculate(Labs("10.02", "3.0"), ScoreSettings.Default);

        Assert.Equal(10.82m, result.Quantities[0].Value);
        Assert.Equal(2.700m, result.Quantities[1].Value);
    }
}
