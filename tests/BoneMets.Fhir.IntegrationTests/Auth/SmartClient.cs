using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BoneMets.Fhir.IntegrationTests.Auth;

/// <summary>
/// A SMART Backend Services client as a sender runs it: its own key pairs (ES384 and RS384), the JWKS it registers,
/// and client assertions signed by Microsoft.IdentityModel, which tests can bend one claim at a time.
/// </summary>
public sealed class SmartClient
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public SmartClient(string clientId)
    {
        ClientId = clientId;
        EcKey = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP384)) { KeyId = clientId + "-es384" };
        RsaKey = new RsaSecurityKey(RSA.Create(2048)) { KeyId = clientId + "-rs384" };
    }

    public string ClientId { get; }

    public ECDsaSecurityKey EcKey { get; }

    public RsaSecurityKey RsaKey { get; }

    /// <summary>The public JWKS (RFC 7517) of both keys, as the client registers it.</summary>
    public string Jwks()
    {
        var ec = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(EcKey);
        var rsa = JsonWebKeyConverter.ConvertFromRSASecurityKey(RsaKey);
        return JsonSerializer.Serialize(new
        {
            keys = new object[]
            {
                new { kty = "EC", crv = ec.Crv, x = ec.X, y = ec.Y, kid = EcKey.KeyId, use = "sig", alg = "ES384" },
                new { kty = "RSA", n = rsa.N, e = rsa.E, kid = RsaKey.KeyId, use = "sig", alg = "RS384" },
            },
        });
    }

    /// <summary>Writes the JWKS under <paramref name="directory"/> and returns the path to register as JwksPath.</summary>
    public string WriteJwks(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, ClientId + ".jwks.json");
        File.WriteAllText(path, Jwks());
        return path;
    }

    /// <summary>
    /// The claims of a good assertion for <paramref name="tokenEndpoint"/>; change one to make it hostile. <paramref name="now"/>:
    /// the service's clock when a test moves it (default the real one).
    /// </summary>
    public Dictionary<string, object> Claims(string tokenEndpoint, DateTimeOffset? now = null) => new()
    {
        ["iss"] = ClientId,
        ["sub"] = ClientId,
        ["aud"] = tokenEndpoint,
        ["exp"] = (now ?? DateTimeOffset.UtcNow).AddMinutes(4).ToUnixTimeSeconds(),
        ["jti"] = Guid.NewGuid().ToString(),
    };

    public string Sign(Dictionary<string, object> claims, SigningCredentials? credentials = null) =>
        Handler.CreateToken(JsonSerializer.Serialize(claims), credentials ?? new SigningCredentials(EcKey, SecurityAlgorithms.EcdsaSha384));

    public static string WithoutSignature(Dictionary<string, object> claims) => Handler.CreateToken(JsonSerializer.Serialize(claims));

    public static FormUrlEncodedContent Form(string assertion, string scope, string grantType = "client_credentials",
        string assertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer") => new(new Dictionary<string, string>
    {
        ["grant_type"] = grantType,
        ["scope"] = scope,
        ["client_assertion_type"] = assertionType,
        ["client_assertion"] = assertion,
    });

    /// <summary>Discovery, then a token: what a sender does before its first call.</summary>
    public async Task<string> GetTokenAsync(HttpClient http, string scope, DateTimeOffset? now = null)
    {
        var discovery = await http.GetFromJsonAsync<JsonElement>(new Uri("/fhir/.well-known/smart-configuration", UriKind.Relative));
        var endpoint = discovery.GetProperty("token_endpoint").GetString()!;
        using var response = await http.PostAsync(new Uri("/fhir/auth/token", UriKind.Relative), Form(Sign(Claims(endpoint, now)), scope));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"token for {ClientId}: {(int)response.StatusCode} {body}");
        return body.GetProperty("access_token").GetString()!;
    }
}
