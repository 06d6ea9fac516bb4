using BoneMets.Fhir.Options;
using static BoneMets.Fhir.Tests.Options.ProgramOptionsTests;

namespace BoneMets.Fhir.Tests.Options;

public class WorkerOptionsTests
{
    [Fact]
    public void Validate_Defaults_Valid()
    {
        Assert.Empty(Errors(new WorkerOptions()));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    [InlineData(100, 0)]
    [InlineData(101, 1)]
    public void Validate_MaxAttempts_OneToHundred(int maxAttempts, int errors)
    {
        Assert.Equal(errors, Errors(new WorkerOptions { MaxAttempts = maxAttempts }).Count);
    }
}
