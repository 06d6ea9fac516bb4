using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using BoneMets.Fhir.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BoneMets.Fhir.Tests.Options;

public sealed class GatherOptionsTests
{
    private static List<string> Problems(GatherOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage!)];
    }

    private static GatherOptions With(PartnerOptions partner, string id = "westbrook") => new() { Partners = { [id] = partner } };

    [Fact]
    public void Validate_NoPartners_IsValid() => Assert.Empty(Problems(new GatherOptions()));

    [Fact]
    public void Validate_GoodSmartPartner_IsValid()
    {
        var key = Path.GetTempFileName();
        using (var rsa = RSA.Create(2048))
        {
            File.WriteAllText(key, rsa.ExportPkcs8PrivateKeyPem());
        }

        var partner = new PartnerOptions
        {
            BaseUrl = "https://ehr.example.org/fhir", SenderIdentifier = "http://hospital.example.org/organization|WCH",
            Auth = new() { Mode = PartnerAuthMode.SmartBackend, ClientId = "c", KeyId = "k", PrivateKeyPath = key, Algorithm = "RS384" },
        };

        Assert.Empty(Problems(With(partner)));
        File.Delete(key);
    }

    [Theory]
    [InlineData("ehr.example.org/fhir", "Gather:Partners:westbrook:BaseUrl 'ehr.example.org/fhir' must be an absolute http(s) URL without a trailing slash.")]
    [InlineData("https://ehr.example.org/fhir/", "Gather:Partners:westbrook:BaseUrl 'https://ehr.example.org/fhir/' must be an absolute http(s) URL without a trailing slash.")]
    public void Validate_BadBaseUrl_NamesTheEntry(string baseUrl, string expected) =>
        Assert.Equal([expected], Problems(With(new PartnerOptions { BaseUrl = baseUrl })));

    [Fact]
    public void Validate_SmartWithoutKeyOrClient_SaysWhatIsMissing()
    {
        var partner = new PartnerOptions
        {
            BaseUrl = "https://ehr.example.org/fhir",
            Auth = new() { Mode = PartnerAuthMode.SmartBackend, Algorithm = "ES384", PrivateKeyPath = "/no/such/key.pem" },
        };

        Assert.Equal(
        [
            "Gather:Partners:westbrook:Auth:ClientId is required when Mode is SmartBackend.",
            "Gather:Partners:westbrook:Auth:KeyId is required when Mode is SmartBackend (the assertion's 'kid').",
            "Gather:Partners:westbrook:Auth:PrivateKeyPath '/no/such/key.pem' must name a readable PEM file.",
        ], Problems(With(partner)));
    }

    [Fact]
    public void Validate_KeyOfTheWrongKind_IsRefused()
    {
        var key = Path.GetTempFileName();
        using (var rsa = RSA.Create(2048))
        {
            File.WriteAllText(key, rsa.ExportPkcs8PrivateKeyPem());
        }

        var partner = new PartnerOptions
        {
            BaseUrl = "https://ehr.example.org/fhir",
            Auth = new() { Mode = PartnerAuthMode.SmartBackend, ClientId = "c", KeyId = "k", PrivateKeyPath = key, Algorithm = "ES384" },
        };

        Assert.Equal([$"Gather:Partners:westbrook:Auth:PrivateKeyPath: the file holds no EC private key."], Problems(With(partner)));
        File.Delete(key);
    }

    [Fact]
    public void Validate_OtherMistakes_AreEachNamed()
    {
        var partner = new PartnerOptions
        {
            BaseUrl = "https://ehr.example.org/fhir", SenderIdentifier = "WCH",
            Auth = new() { Mode = PartnerAuthMode.StaticBearer },
            Limits = new() { MaxConcurrency = 0, MaxPages = 0 },
        };
        var options = With(partner, "west brook");
        options.DefaultPartner = "eastbrook";

        Assert.Equal(
        [
            "Gather:Partners:west brook: a partner id may hold only letters, digits, '-' and '_'.",
            "Gather:Partners:west brook:SenderIdentifier must read 'system|value'.",
            "Gather:Partners:west brook:Auth:BearerToken is required when Mode is StaticBearer.",
            "Gather:Partners:west brook:Limits:MaxConcurrency must be 1..256.",
            "Gather:Partners:west brook:Limits:MaxPages must be 1..100.",
            "Gather:DefaultPartner 'eastbrook' is not one of Gather:Partners.",
        ], Problems(options));
    }

    [Fact]
    public void Startup_BadPartner_StopsWithTheMessage()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gather:Partners:westbrook:BaseUrl"] = "not a url",
            ["Worker:Enabled"] = "false",
        }).Build();
        using var provider = new ServiceCollection().AddLogging().AddBoneMetsPipeline(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<GatherOptions>());

        Assert.Contains("Gather:Partners:westbrook:BaseUrl 'not a url' must be an absolute http(s) URL", error.Message, StringComparison.Ordinal);
    }
}
