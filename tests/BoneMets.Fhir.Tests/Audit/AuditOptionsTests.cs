using BoneMets.Fhir.Audit;
using BoneMets.Fhir.Options;

namespace BoneMets.Fhir.Tests.Audit;

public sealed class AuditOptionsTests
{
    [Theory]
    [InlineData(2190, true)] // the default: six years
    [InlineData(1, true)]
    [InlineData(0, false)] // would delete every AuditEvent within the hour
    [InlineData(-30, false)]
    [InlineData(36501, false)]
    public void Validate_RetentionDays_OneDayToAHundredYears(int days, bool valid)
    {
        var errors = Tests.Options.ProgramOptionsTests.Errors(new AuditOptions { RetentionDays = days });

        Assert.Equal(valid ? [] : ["RetentionDays"], errors);
    }
}
