using System.ComponentModel.DataAnnotations;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Partners;

namespace BoneMets.Fhir.Tests.Partners;

public sealed class PartnerWriteBackOptionsTests
{
    private static List<string> Problems(PartnerWriteBackOptions writeBack)
    {
        var options = new PartnersOptions { ["westbrook"] = new PartnerOptions { BaseUrl = "https://ehr.example.org/fhir", WriteBack = writeBack } };
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage!)];
    }

    [Fact]
    public void Defaults_Off_AndValid()
    {
        var defaults = new PartnerWriteBackOptions();
        Assert.False(defaults.Enabled);
        Assert.Empty(Problems(defaults));
    }

    [Fact]
    public void FhirBase_NotGiven_IsThePartnersBaseUrl()
    {
        var partner = new PartnerOptions { BaseUrl = "https://ehr.example.org/fhir" };
        Assert.Equal("https://ehr.example.org/fhir", partner.WriteBack.FhirBase(partner));
        partner.WriteBack.BaseUrl = "https://ehr.example.org/writeback";
        Assert.Equal("https://ehr.example.org/writeback", partner.WriteBack.FhirBase(partner));
    }

    [Theory]
    [InlineData("https://ehr.example.org/fhir/", null, "WriteBack:BaseUrl")]
    [InlineData("ehr/fhir", null, "WriteBack:BaseUrl")]
    [InlineData(null, "ftp://ehr.example.org/messaging", "WriteBack:MessagingEndpoint")]
    [InlineData(null, "/messaging", "WriteBack:MessagingEndpoint")]
    public void Validate_BadUrls_NamedWithTheirKey(string? baseUrl, string? messaging, string key)
    {
        var problem = Assert.Single(Problems(new PartnerWriteBackOptions { Enabled = true, BaseUrl = baseUrl, MessagingEndpoint = messaging }));
        Assert.Contains("Partners:westbrook:" + key, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadRetryAndConflictSettings_Reported()
    {
        var problems = Problems(new PartnerWriteBackOptions { RetryBaseDelay = TimeSpan.Zero, MaxConflictRounds = 0 });
        Assert.Equal(2, problems.Count);
    }
}
