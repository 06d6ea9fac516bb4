using BoneMets.Fhir.Triage.Findings;
using BoneMets.Fhir.Triage.Scores;

namespace BoneMets.Fhir.Tests.Triage.Scores;

public class ScoreSettingsTests
{
    [Fact]
    public void Default_DocumentedLocalPolicies()
    {
        var settings = ScoreSettings.Default;

        Assert.Equal(10.5m, settings.CalciumUpperLimitOfNormalMgPerDl);
        Assert.False(settings.CorrectCalciumWhenAlbuminAbove4);
        Assert.Equal(Escc1cPolicy.LowGradeWithSpineReview, settings.Escc1c);
        Assert.Same(RadiosensitivityTable.Laufer2013, settings.Radiosensitivity);
    }

    [Theory]
    [InlineData("7.9")]
    [InlineData("11.5")]
    [InlineData("12")]
    public void CalciumUpperLimitOfNormal_OutsideRange_Throws(string uln) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScoreSettings { CalciumUpperLimitOfNormalMgPerDl = Given.Dec(uln) });

    [Fact]
    public void Laufer2013_OnlyTheCitedExamples()
    {
        Assert.Equal(
            [PrimarySite.Kidney, PrimarySite.Thyroid, PrimarySite.Rectum, PrimarySite.Colon, PrimarySite.Melanoma],
            RadiosensitivityTable.Laufer2013.Where(p => p.Value == Radiosensitivity.Radioresistant).Select(p => p.Key).Order());
        Assert.Equal(
            [PrimarySite.Myeloma, PrimarySite.Lymphoma, PrimarySite.Testis],
            RadiosensitivityTable.Laufer2013.Where(p => p.Value == Radiosensitivity.Radiosensitive).Select(p => p.Key).Order());
        Assert.False(RadiosensitivityTable.Laufer2013.ContainsKey(PrimarySite.Breast));
        Assert.False(RadiosensitivityTable.Laufer2013.ContainsKey(PrimarySite.Prostate));
    }
}
