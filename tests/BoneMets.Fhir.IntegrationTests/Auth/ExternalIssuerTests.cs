using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.Auth;

/// <summary>
/// Tokens from the hospital's own authorization server (Authorization:ExternalIssuer): a second key set, served by
/// WireMock as OpenID Connect metadata and JWKS, mapped to the same registered clients and their partners.
/// </summary>
public sealed class ExternalIssuerTests : IDisposable
{
    private const string Audience = "https://bonemets.example.org/fhir";
    private static readonly SmartClient HospitalServer = new("hospital-as"); // its keys sign the tokens
    private static readonly SmartClient Registered = new("engine-7");
    private readonly WireMockServer issuer = WireMockServer.Start();
    private readonly BoneMetsHost host;

    public ExternalIssuerTests()
    {
        issuer.Given(Request.Create().WithPath("/.well-known/openid-configuration").UsingGet()).RespondWith(Response.Create()
            .WithHeader("Content-Type", "application/json")
            .WithBody(JsonSerializer.Serialize(new { issuer = Issuer, jwks_uri = issuer.Url + "/jwks", token_endpoint = issuer.Url + "/token" })));
        issuer.Given(Request.Create().WithPath("/jwks").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(HospitalServer.Jwks()));
        var directory = Path.Combine(Path.GetTempPath(), "bonemets-test-" + Guid.NewGuid().ToString("N"));
        host = new BoneMetsHost(directory, worker: false, settings: new Dictionary<string, string>
        {
            ["Authorization:ExternalIssuer:MetadataUrl"] = issuer.Url + "/.well-known/openid-configuration",
            ["Authorization:ExternalIssuer:Audience"] = Audience,
            ["Authorization:ExternalIssuer:ClientClaim"] = "azp",
            ["Partners:northfield:BaseUrl"] = "https://ehr.northfield.example.org/fhir",
            [$"Authorization:Clients:{Registered.ClientId}:Partner"] = "northfield",
            [$"Authorization:Clients:{Registered.ClientId}:JwksPath"] = Registered.WriteJwks(directory),
            [$"Authorization:Clients:{Registered.ClientId}:Scopes"] = "system/Task.rs system/ServiceRequest.c",
        });
    }

    private string Issuer => issuer.Url + "/realms/hospital";

    public void Dispose()
    {
        host.Dispose();
        host.DeleteStore();
        issuer.Dispose();
    }

    [Fact]
    public async Task Search_HospitalTokenForARegisteredClient_AllowedWithinItsScopes()
    {
        var client = WithToken(Token());

        using var tasks = await client.GetAsync(new Uri("/fhir/Task", UriKind.Relative));
        using var patients = await client.GetAsync(new Uri("/fhir/Patient", UriKind.Relative)); // asked for, but not this client's

        Assert.Equal(HttpStatusCode.OK, tasks.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, patients.StatusCode);
    }

    public static TheoryData<string> Refused() => new()
    {
        "unregistered client",
        "other audience",
        "other issuer",
        "expired",
        "signed by an unknown key",
        "no SMART scope the client holds",
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Search_HospitalTokenThatDoesNotHold_401(string attack)
    {
        var claims = Claims();
        var signer = HospitalServer;
        switch (attack)
        {
            case "unregistered client": claims["azp"] = "someone-else"; break;
            case "other audience": claims["aud"] = "https://other.example.org/fhir"; break;
            case "other issuer": claims["iss"] = "https://evil.example.org"; break;
            case "expired": claims["exp"] = DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(); break;
            case "signed by an unknown key": signer = new SmartClient("hospital-as"); break;
            case "no SMART scope the client holds": claims["scope"] = "openid system/Patient.rs"; break;
        }

        using var response = await WithToken(signer.Sign(claims, new SigningCredentials(signer.RsaKey, SecurityAlgorithms.RsaSha384)))
            .GetAsync(new Uri("/fhir/Task", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_OurOwnTokensStillWork_BesideTheHospitals()
    {
        var client = await host.CreateClientAsAsync(Registered, "system/Task.rs");

        using var response = await client.GetAsync(new Uri("/fhir/Task", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private Dictionary<string, object> Claims() => new()
    {
        ["iss"] = Issuer,
        ["aud"] = Audience,
        ["azp"] = Registered.ClientId,
        ["sub"] = "service-account-engine-7",
        ["scope"] = "openid system/Task.rs system/Patient.rs",
        ["exp"] = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds(),
        ["iat"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
    };

    private string Token() => HospitalServer.Sign(Claims(), new SigningCredentials(HospitalServer.RsaKey, SecurityAlgorithms.RsaSha384));

    private HttpClient WithToken(string token)
    {
        var client = host.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
