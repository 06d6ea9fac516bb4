using BoneMets.Fhir.Options;
using BoneMets.Fhir.Pipeline;
using static BoneMets.Fhir.Tests.Options.ProgramOptionsTests;

namespace BoneMets.Fhir.Tests.Pipeline;

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

    [Theory]
    [InlineData("00:00:00", 1)]
    [InlineData("00:00:00.009", 1)]
    [InlineData("00:00:00.010", 0)]
    [InlineData("00:00:01", 0)]
    public void Validate_IdlePoll_RefusesASpinningPoll(string idlePoll, int errors)
    {
        var found = Messages(new WorkerOptions { IdlePoll = TimeSpan.Parse(idlePoll, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(errors, found.Count);
        Assert.All(found, m => Assert.StartsWith("Worker:IdlePoll must be at least 10 ms", m, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ZeroOrNegativeDelays_NamedByKey()
    {
        var found = Messages(new WorkerOptions { RetryBaseDelay = TimeSpan.Zero, RetryMaxDelay = TimeSpan.FromSeconds(-1), PartnerRetryDelay = TimeSpan.Zero });

        Assert.Contains(found, m => m.Contains("Worker:RetryBaseDelay must be positive", StringComparison.Ordinal));
        Assert.Contains(found, m => m.Contains("Worker:RetryMaxDelay must be positive", StringComparison.Ordinal));
        Assert.Contains(found, m => m.Contains("Worker:PartnerRetryDelay must be positive", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BaseDelayAboveMaxDelay_Refused()
    {
        var found = Messages(new WorkerOptions { RetryBaseDelay = TimeSpan.FromMinutes(10), RetryMaxDelay = TimeSpan.FromMinutes(5) });

        Assert.Single(found);
        Assert.Contains("must not exceed Worker:RetryMaxDelay", found[0], StringComparison.Ordinal);
    }

    private static List<string> Messages(WorkerOptions options)
    {
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage ?? string.Empty)];
    }
}
