using System.ComponentModel.DataAnnotations;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Partners;
using BoneMets.Fhir.Scheduling;

namespace BoneMets.Fhir.Tests.Scheduling;

public sealed class SchedulingOptionsTests
{
    private static List<string> Problems(SchedulingOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage!)];
    }

    private static SchedulingOptions On() => new() { BaseUrl = "https://scheduling.example.org/fhir", Schedules = { ["spine-surgery"] = "sched-1" } };

    [Fact]
    public void Validate_Default_OffAndValid()
    {
        var options = new SchedulingOptions();

        Assert.False(options.Enabled);
        Assert.Empty(Problems(options));
    }

    [Fact]
    public void Validate_ConfiguredServer_Valid() => Assert.Empty(Problems(On()));

    [Theory]
    [InlineData("scheduling.example.org/fhir", "BaseUrl")]
    [InlineData("https://scheduling.example.org/fhir/", "BaseUrl")]
    public void Validate_BadBaseUrl_NamesTheKey(string url, string key)
    {
        var options = On();
        options.BaseUrl = url;

        Assert.Contains(Problems(options), p => p.Contains($"Scheduling:{key}", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NoSchedules_NamesTheKey()
    {
        var options = On();
        options.Schedules.Clear();

        Assert.Contains(Problems(options), p => p.Contains("Scheduling:Schedules", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SmartWithoutTokenUrl_NamesTheKey()
    {
        var options = On();
        options.Auth.Mode = PartnerAuthMode.SmartBackend;

        Assert.Contains(Problems(options), p => p.Contains("Scheduling:Auth:TokenUrl", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_CoordinatorNotAReference_NamesTheKey()
    {
        var options = On();
        options.Coordinator = "coordinator";

        Assert.Contains(Problems(options), p => p.Contains("Scheduling:Coordinator", StringComparison.Ordinal));
    }
}
