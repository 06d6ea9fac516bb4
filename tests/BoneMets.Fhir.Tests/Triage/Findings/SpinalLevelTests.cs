using BoneMets.Fhir.Triage.Findings;

namespace BoneMets.Fhir.Tests.Triage.Findings;

public class SpinalLevelTests
{
    [Theory]
    [InlineData("occiput", SpinalRegion.Occiput, 0)]
    [InlineData("C1", SpinalRegion.Cervical, 1)]
    [InlineData("C7", SpinalRegion.Cervical, 7)]
    [InlineData("T12", SpinalRegion.Thoracic, 12)]
    [InlineData("L5", SpinalRegion.Lumbar, 5)]
    [InlineData("S5", SpinalRegion.Sacral, 5)]
    public void TryParse_ValidCodes_RegionAndNumberAndRoundTrip(string code, SpinalRegion region, int number)
    {
        Assert.True(SpinalLevel.TryParse(code, out var level));
        Assert.Equal((region, number), (level.Region, level.Number));
        Assert.Equal(code, level.ToString());
    }

    [Theory]
    [InlineData("C8")]
    [InlineData("T13")]
    [InlineData("L6")]
    [InlineData("S6")]
    [InlineData("C0")]
    [InlineData("C07")]
    [InlineData("c7")]
    [InlineData("Occiput")]
    [InlineData("X1")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_NotACode_Fails(string? code) => Assert.False(SpinalLevel.TryParse(code, out _));

    [Fact]
    public void Factory_OutOfRange_Throws() => Assert.Throws<ArgumentOutOfRangeException>(() => SpinalLevel.Thoracic(13));
}
