using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace BoneMets.Fhir.IntegrationTests.Auth;

/// <summary>The token endpoint through the real host: the negative cases a SMART Backend Services certifier tries, as a table.</summary>
public sealed class TokenEndpointTests : IDisposable
{
    private const string TokenPath = "/fhir/auth/token";
    private const string Endpoint = "http://localhost:5080/fhir/auth/token"; // Program:PublicBaseUrl + /auth/token
    private const string Scope = "system/Task.rs";
    private static readonly SmartClient Sender = new("sender-a");
    private static readonly SmartClient Stranger = new("sender-a"); // same id and kids, other keys
    private readonly BoneMetsHost host;

    public TokenEndpointTests()
    {
        host = new BoneMetsHost(worker: false, settings: Registered(Path.Combine(Path.GetTempPath(), "bonemets-test-" + Guid.NewGuid().ToString("N"))));
    }

    public void Dispose()
    {
        host.Dispose();
        host.DeleteStore();
    }

    /// <summary>Each row: the assertion or form a hostile or careless client sends, and the RFC 6749 answer.</summary>
    public static TheoryData<string, int, string> Hostile() => new()
    {
        { "unknown client", 401, "invalid_client" },
        { "kid not registered", 401, "invalid_client" },
        { "no kid", 401, "invalid_client" },
        { "signed by another key under the registered kid", 401, "invalid_client" },
        { "aud another endpoint", 401, "invalid_client" },
        { "exp past", 401, "invalid_client" },
        { "exp 10 minutes ahead", 401, "invalid_client" },
        { "no exp", 401, "invalid_client" },
        { "no jti", 401, "invalid_client" },
        { "iss is not sub", 401, "invalid_client" },
        { "alg none", 401, "invalid_client" },
        { "alg HS384 keyed with the public key", 401, "invalid_client" },
        { "alg RS256", 401, "invalid_client" },
        { "not a JWT", 401, "invalid_client" },
        { "wrong client_assertion_type", 400, "invalid_request" },
        { "grant_type authorization_code", 400, "unsupported_grant_type" },
        { "no grant_type", 400, "invalid_request" },
        { "scope not allowed", 400, "invalid_scope" },
        { "scope not SMART", 400, "invalid_scope" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Token_HostileRequest_RefusedWithRfc6749Error(string attack, int status, string error)
    {
        var response = await host.CreateClient().PostAsync(new Uri(TokenPath, UriKind.Relative), Attack(attack));

        Assert.Equal(status, (int)response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(error, body.GetProperty("error").GetString());
        Assert.False(body.TryGetProperty("access_token", out _));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Theory]
    [InlineData("ES384")]
    [InlineData("RS384")]
    public async Task Token_GoodAssertion_GrantsTheAllowedScopesForAtMost300Seconds(string alg)
    {
        var credentials = alg == "ES384"
            ? new SigningCredentials(Sender.EcKey, SecurityAlgorithms.EcdsaSha384)
            : new SigningCredentials(Sender.RsaKey, SecurityAlgorithms.RsaSha384);

        var response = await host.CreateClient().PostAsync(new Uri(TokenPath, UriKind.Relative),
            SmartClient.Form(Sender.Sign(Sender.Claims(Endpoint), credentials), "system/Task.rs system/Patient.rs system/ServiceRequest.c"));

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("bearer", body.GetProperty("token_type").GetString());
        Assert.InRange(body.GetProperty("expires_in").GetInt32(), 1, 300);
        Assert.Equal("system/Task.rs system/ServiceRequest.c", body.GetProperty("scope").GetString()); // Patient is not this client's
        Assert.False(string.IsNullOrEmpty(body.GetProperty("access_token").GetString()));
    }

    [Fact]
    public async Task Token_ReplayedJti_RefusedAlsoAfterARestart()
    {
        var assertionClaims = Sender.Claims(Endpoint);
        var first = await host.CreateClient().PostAsync(new Uri(TokenPath, UriKind.Relative), SmartClient.Form(Sender.Sign(assertionClaims), Scope));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var again = await host.CreateClient().PostAsync(new Uri(TokenPath, UriKind.Relative), SmartClient.Form(Sender.Sign(assertionClaims), Scope));
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);

        host.Dispose();
        using var restarted = new BoneMetsHost(host.DataDirectory, worker: false, settings: Registered(host.DataDirectory));
        var afterRestart = await restarted.CreateClient().PostAsync(new Uri(TokenPath, UriKind.Relative), SmartClient.Form(Sender.Sign(assertionClaims), Scope));

        Assert.Equal(HttpStatusCode.Unauthorized, afterRestart.StatusCode);
        Assert.Equal("invalid_client", (await afterRestart.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Token_FormLargerThan16KiB_Refused413BeforeReading()
    {
        var response = await host.CreateClient().PostAsync(new Uri(TokenPath, UriKind.Relative),
            SmartClient.Form(new string('a', 20_000), Scope));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Discovery_AdvertisesTheTokenEndpointAndSmartCapabilities()
    {
        var discovery = await host.CreateClient().GetFromJsonAsync<JsonElement>(new Uri("/fhir/.well-known/smart-configuration", UriKind.Relative));

        Assert.Equal(Endpoint, discovery.GetProperty("token_endpoint").GetString());
        Assert.Equal(["client_credentials"], discovery.GetProperty("grant_types_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["private_key_jwt"], discovery.GetProperty("token_endpoint_auth_methods_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["RS384", "ES384"], discovery.GetProperty("token_endpoint_auth_signing_alg_values_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("system/ServiceRequest.c", discovery.GetProperty("scopes_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("system/AuditEvent.rs", discovery.GetProperty("scopes_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["client-confidential-asymmetric", "permission-v2"], discovery.GetProperty("capabilities").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Metadata_RestSecurity_NamesSmartOnFhirAndTheTokenEndpoint()
    {
        var metadata = await host.GetAsync<Hl7.Fhir.Model.CapabilityStatement>("/fhir/metadata");

        var security = metadata.Rest[0].Security;
        Assert.Equal("SMART-on-FHIR", security.Service.Single().Coding.Single().Code);
        var uris = security.Extension.Single(e => e.Url == "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris");
        Assert.Equal(Endpoint, ((Hl7.Fhir.Model.FhirUri)uris.Extension.Single(e => e.Url == "token").Value).Value);
    }

    private static Dictionary<string, string> Registered(string directory) => new()
    {
        [$"Authorization:Clients:{Sender.ClientId}:JwksPath"] = Sender.WriteJwks(directory),
        [$"Authorization:Clients:{Sender.ClientId}:Scopes"] = "system/Task.rs system/ServiceRequest.c",
    };

    private static FormUrlEncodedContent Attack(string attack)
    {
        var claims = Sender.Claims(Endpoint);
        var es384 = new SigningCredentials(Sender.EcKey, SecurityAlgorithms.EcdsaSha384);
        switch (attack)
        {
            case "unknown client":
                claims["iss"] = claims["sub"] = "nobody";
                return SmartClient.Form(Sender.Sign(claims), Scope);
            case "kid not registered":
                var other = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP384)) { KeyId = "not-registered" };
                return SmartClient.Form(Sender.Sign(claims, new SigningCredentials(other, SecurityAlgorithms.EcdsaSha384)), Scope);
            case "no kid":
                var unnamed = new ECDsaSecurityKey(Sender.EcKey.ECDsa);
                return SmartClient.Form(Sender.Sign(claims, new SigningCredentials(unnamed, SecurityAlgorithms.EcdsaSha384)), Scope);
            case "signed by another key under the registered kid":
                return SmartClient.Form(Stranger.Sign(claims), Scope);
            case "aud another endpoint":
                claims["aud"] = "https://other.example.org/token";
                return SmartClient.Form(Sender.Sign(claims), Scope);
            case "exp past":
                claims["exp"] = DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds();
                return SmartClient.Form(Sender.Sign(claims), Scope);
            case "exp 10 minutes ahead":
                claims["exp"] = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
                return SmartClient.Form(Sender.Sign(claims), Scope);
            case "no exp":
                claims.Remove("exp");
                return SmartClient.Form(Sender.Sign(claims), Scope);
            case "no jti":
                claims.Remove("jti");
                return SmartClient.Form(Sender.Sign(claims), Scope);
            case "iss is not sub":
                claims["sub"] = "someone-else";
                return SmartClient.Form(Sender.Sign(claims), Scope);
            case "alg none":
                return SmartClient.Form(SmartClient.WithoutSignature(claims), Scope);
            case "alg HS384 keyed with the public key":
                var secret = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Sender.Jwks().PadRight(64))) { KeyId = Sender.EcKey.KeyId };
                return SmartClient.Form(Sender.Sign(claims, new SigningCredentials(secret, SecurityAlgorithms.HmacSha384)), Scope);
            case "alg RS256":
                return SmartClient.Form(Sender.Sign(claims, new SigningCredentials(Sender.RsaKey, SecurityAlgorithms.RsaSha256)), Scope);
            case "not a JWT":
                return SmartClient.Form("not.a-jwt", Scope);
            case "wrong client_assertion_type":
                return SmartClient.Form(Sender.Sign(claims, es384), Scope, assertionType: "urn:ietf:params:oauth:client-assertion-type:saml2-bearer");
            case "grant_type authorization_code":
                return SmartClient.Form(Sender.Sign(claims), Scope, grantType: "authorization_code");
            case "no grant_type":
                return SmartClient.Form(Sender.Sign(claims), Scope, grantType: "");
            case "scope not allowed":
                return SmartClient.Form(Sender.Sign(claims), "system/Patient.rs");
            case "scope not SMART":
                return SmartClient.Form(Sender.Sign(claims), "everything please");
            default:
                throw new ArgumentOutOfRangeException(nameof(attack), attack, "no such row");
        }
    }
}
