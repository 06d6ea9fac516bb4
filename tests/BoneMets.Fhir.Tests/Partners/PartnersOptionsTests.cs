using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using BoneMets.Fhir.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using BoneMets.Fhir.Partners;

namespace BoneMets.Fhir.Tests.Partners;

public sealed class PartnersOptionsTests
{
    private static List<string> Problems(object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage!)];
    }

    private static PartnersOptions With(PartnerOptions partner, string id = "westbrook") => new() { [id] = partner };

    [Fact]
    public void Validate_NoPartners_IsValid() => Assert.Empty(Problems(new PartnersOptions()));

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
    [InlineData("ehr.example.org/fhir", "Partners:westbrook:BaseUrl 'ehr.example.org/fhir' must be an absolute http(s) URL without a trailing slash.")]
    [InlineData("https://ehr.example.org/fhir/", "Partners:westbrook:BaseUrl 'https://ehr.example.org/fhir/' must be an absolute http(s) URL without a trailing slash.")]
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
            "Partners:westbrook:Auth:ClientId is required when Mode is SmartBackend.",
            "Partners:westbrook:Auth:KeyId is required when Mode is SmartBackend (the assertion's 'kid').",
            "Partners:westbrook:Auth:PrivateKeyPath '/no/such/key.pem' must name a readable PEM file.",
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

        Assert.Equal([$"Partners:westbrook:Auth:PrivateKeyPath: the file holds no EC private key."], Problems(With(partner)));
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

        Assert.Equal(
        [
            "Partners:west brook: a partner id may hold only letters, digits, '-' and '_'.",
            "Partners:west brook:SenderIdentifier must read 'system|value'.",
            "Partners:west brook:Auth:BearerToken is required when Mode is StaticBearer.",
            "Partners:west brook:Limits:MaxConcurrency must be 1..256.",
            "Partners:west brook:Limits:MaxPages must be 1..100.",
        ], Problems(options));
        Assert.Equal("Gather:DefaultPartner 'eastbrook' is not one of Partners (no Partners:eastbrook is configured).",
            new GatherOptions { DefaultPartner = "eastbrook" }.DefaultPartnerProblem(options));
    }

    [Fact]
    public void Startup_BadPartner_StopsWithTheMessage()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Partners:westbrook:BaseUrl"] = "not a url",
            ["Worker:Enabled"] = "false",
        }).Build();
        using var provider = new ServiceCollection().AddLogging().AddBoneMetsPipeline(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<PartnersOptions>());

        Assert.Contains("Partners:westbrook:BaseUrl 'not a url' must be an absolute http(s) URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MessageOnlyPartner_IsValid() =>
        Assert.Empty(Problems(With(new PartnerOptions { SenderIdentifier = "http://hospital.example.org/organization|NRCC", WriteBack = { MessagingEndpoint = "https://nrcc.example.org/$process-message" } })));

    [Fact]
    public void Validate_ServerPartsWithoutBaseUrl_NameTheKey()
    {
        var partner = new PartnerOptions
        {
            SenderIdentifier = "http://hospital.example.org/organization|NRCC",
            Subscription = new() { Filter = "ServiceRequest?performer=Organization/bonemets" },
            WriteBack = { Enabled = true },
            Auth = new() { Mode = PartnerAuthMode.SmartBackend, ClientId = "c", KeyId = "k", PrivateKeyPath = "/no/such/key.pem" },
        };

        var problems = Problems(With(partner, "nrcc"));

        Assert.Contains("Partners:nrcc:Subscription needs Partners:nrcc:BaseUrl: the subscription and the reconciliation poll run on the partner's FHIR server. Set BaseUrl or remove Subscription.", problems);
        Assert.Contains("Partners:nrcc:WriteBack:Enabled needs Partners:nrcc:BaseUrl (or Partners:nrcc:WriteBack:BaseUrl): write-back goes to the partner's FHIR server.", problems);
        Assert.Contains("Partners:nrcc:Auth:TokenUrl is required without Partners:nrcc:BaseUrl: it cannot be read from the partner's .well-known/smart-configuration.", problems);
    }

    [Fact]
    public void Validate_WriteBackToItsOwnServerWithoutBaseUrl_IsValid() =>
        Assert.Empty(Problems(With(new PartnerOptions { WriteBack = { Enabled = true, BaseUrl = "https://ehr.example.org/fhir" } })));

    [Fact]
    public void Startup_SubscriptionWithoutBaseUrl_StopsNamingTheKey()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Partners:nrcc:SenderIdentifier"] = "http://hospital.example.org/organization|NRCC",
            ["Partners:nrcc:Subscription:Filter"] = "ServiceRequest?performer=Organization/bonemets",
            ["Worker:Enabled"] = "false",
        }).Build();
        using var provider = new ServiceCollection().AddLogging().AddBoneMetsPipeline(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<PartnersOptions>());

        Assert.Contains("Partners:nrcc:Subscription needs Partners:nrcc:BaseUrl", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Gather:Partners:westbrook:BaseUrl", "https://ehr.example.org/fhir")]
    [InlineData("Gather:Partners:westbrook:SenderIdentifier", "http://hospital.example.org/organization|WCH")]
    [InlineData("Gather:Partners:westbrook:WriteBack:Enabled", "false")]
    public void Startup_FormerGatherPartnersKey_StopsNamingTheNewKey(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [key] = value,
            ["Worker:Enabled"] = "false",
        }).Build();
        using var provider = new ServiceCollection().AddLogging().AddBoneMetsPipeline(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<GatherOptions>());

        Assert.Contains("Gather:Partners is no longer read: a partner is configured at Partners:<id> (ADR 0022). Move Gather:Partners:westbrook to Partners:westbrook.",
            error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Startup_UnknownDefaultPartner_Stops()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Partners:westbrook:BaseUrl"] = "https://ehr.example.org/fhir",
            ["Gather:DefaultPartner"] = "eastbrook",
            ["Worker:Enabled"] = "false",
        }).Build();
        using var provider = new ServiceCollection().AddLogging().AddBoneMetsPipeline(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<GatherOptions>());

        Assert.Contains("Gather:DefaultPartner 'eastbrook' is not one of Partners (no Partners:eastbrook is configured).", error.Message, StringComparison.Ordinal);
    }
}
