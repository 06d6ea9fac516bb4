using System.ComponentModel.DataAnnotations;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Partners;

namespace BoneMets.Fhir.Tests.Options;

public class ProgramOptionsTests
{
    /// <summary>The member names DataAnnotations validation reports, as ValidateDataAnnotations does at startup.</summary>
    internal static List<string> Errors(object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.SelectMany(r => r.MemberNames.DefaultIfEmpty("(object)"))];
    }

    [Fact]
    public void Validate_Defaults_Valid()
    {
        Assert.Empty(Errors(new ProgramOptions()));
    }

    [Theory]
    [InlineData("http://localhost:5080/fhir", "UTC", "")]
    [InlineData("https://bonemets.example.org/fhir", "Europe/London", "")]
    [InlineData("http://localhost:5080/fhir/", "UTC", "PublicBaseUrl")]
    [InlineData("ftp://localhost/fhir", "UTC", "PublicBaseUrl")]
    [InlineData("/fhir", "UTC", "PublicBaseUrl")]
    [InlineData("http://localhost:5080/fhir", "Mars/Olympus_Mons", "TimeZone")]
    public void Validate_BaseUrlAndTimeZone_ReportedByName(string baseUrl, string zone, string invalid)
    {
        var errors = Errors(new ProgramOptions { PublicBaseUrl = baseUrl, TimeZone = zone });

        Assert.Equal(invalid.Split(' ', StringSplitOptions.RemoveEmptyEntries), errors);
    }

    [Theory]
    [InlineData("http://localhost:5080/fhir", true, false)]
    [InlineData("http://127.0.0.1:5080/fhir", true, false)]
    [InlineData("https://bonemets.example.org/fhir", true, true)]
    [InlineData("http://localhost:5080/fhir", false, true)]
    public void ReachableBy_WriteBackAndPublicBaseUrl_LoopbackRefusedOnlyWithWriteBack(string baseUrl, bool writeBack, bool reachable)
    {
        var gather = new PartnersOptions { ["westbrook"] = new PartnerOptions { BaseUrl = "https://ehr.example.org/fhir", WriteBack = { Enabled = writeBack } } };

        Assert.Equal(reachable, new ProgramOptions { PublicBaseUrl = baseUrl }.ReachableBy(gather));
    }
}
