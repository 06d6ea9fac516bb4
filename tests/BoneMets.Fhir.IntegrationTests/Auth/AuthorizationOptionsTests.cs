using BoneMets.Fhir.Service.Auth;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BoneMets.Fhir.IntegrationTests.Auth;

/// <summary>The clients contract is validated at startup: each problem stops the service and names its key.</summary>
public sealed class AuthorizationOptionsTests
{
    [Theory]
    [InlineData("Partner", "nowhere", "Authorization:Clients:c1:Partner 'nowhere' is not one of Partners (no Partners:nowhere is configured).")]
    [InlineData("JwksUrl", "http://keys.example.org/jwks", "Authorization:Clients:c1: set exactly one of JwksPath and JwksUrl.")]
    [InlineData("Scopes", "system/Task.read", "Authorization:Clients:c1:Scopes must be")]
    [InlineData("JwksPath", "MALFORMED", "Authorization:Clients:c1:JwksPath is not a JWKS")]
    [InlineData("JwksPath", "MISSING", "Authorization:Clients:c1:JwksPath cannot be read.")]
    public void Startup_BadClient_StopsNamingTheKey(string key, string value, string expected)
    {
        var directory = Path.Combine(Path.GetTempPath(), "bonemets-test-" + Guid.NewGuid().ToString("N"));
        var client = new SmartClient("c1");
        var settings = new Dictionary<string, string?>
        {
            ["Authorization:Clients:c1:JwksPath"] = client.WriteJwks(directory),
            ["Authorization:Clients:c1:Scopes"] = "system/Task.rs",
        };
        settings[$"Authorization:Clients:c1:{key}"] = value switch
        {
            "MALFORMED" => WriteFile(directory, "{\"keys\": 7}"),
            "MISSING" => Path.Combine(directory, "absent.json"),
            _ => value,
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddLogging().AddBoneMetsPipeline(configuration)
            .AddBoneMetsAuthorization(configuration).BuildServiceProvider();

        var refused = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<AuthorizationOptions>>().Value);

        Assert.Contains(refused.Failures, f => f.StartsWith(expected, StringComparison.Ordinal));
        Directory.Delete(directory, recursive: true);
    }

    private static string WriteFile(string directory, string text)
    {
        var path = Path.Combine(directory, "malformed.json");
        File.WriteAllText(path, text);
        return path;
    }
}
