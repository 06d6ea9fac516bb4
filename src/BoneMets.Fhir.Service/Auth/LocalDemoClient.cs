using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BoneMets.Fhir.Service.Auth;

/// <summary>
/// The client the README's first commands and <c>bonemets demo</c> use, so that trying the service never means
/// switching authorization off: on a service with no registered client (and <c>Authorization:LocalDemoClient</c> not
/// false), client "local-demo" is registered with an ES384 key generated into the data directory
/// (<see cref="KeyFile"/>, owner-only; its public JWKS in <see cref="JwksFile"/>), for every type's reads and searches
/// and referral messages, without a partner. <c>bonemets token</c> signs an assertion with that key and asks the token
/// endpoint, as any sender does. <c>serve</c> refuses to listen off loopback until real clients are registered, and the
/// demo client goes away as soon as one is.
/// </summary>
public static class LocalDemoClient
{
    public const string ClientId = "local-demo";
    public const string KeyFile = "demo-client-key.pem";
    public const string JwksFile = "demo-client.jwks.json";
    public const string Scopes = "system/ServiceRequest.c system/*.rs";
    private static readonly JsonWebTokenHandler Handler = new();

    public static void RegisterWhenNoClients(AuthorizationOptions options, string dataDirectory)
    {
        if (!options.LocalDemoClient || options.Clients.Count > 0)
        {
            return;
        }

        var key = TokenSigningKey.LoadOrCreate(Path.Combine(dataDirectory, KeyFile)).Key;
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(key);
        var jwksPath = Path.Combine(dataDirectory, JwksFile);
        File.WriteAllText(jwksPath, JsonSerializer.Serialize(new
        {
            keys = new[] { new { kty = "EC", crv = jwk.Crv, x = jwk.X, y = jwk.Y, kid = key.KeyId, use = "sig", alg = "ES384" } },
        }));
        options.Clients[ClientId] = new AuthorizationClientOptions { JwksPath = jwksPath, Scopes = Scopes };
    }

    /// <summary>Discovery, a signed client assertion, the token endpoint: the access token, as a sender gets one.</summary>
    public static async Task<string> GetTokenAsync(HttpClient http, Uri fhirBase, string dataDirectory, string scope, TimeProvider time, CancellationToken cancellationToken)
    {
        var keyPath = Path.Combine(dataDirectory, KeyFile);
        if (!File.Exists(keyPath))
        {
            throw new InvalidOperationException($"No demo client key at {keyPath}: start the service once on this data directory (it is made then).");
        }

        var discovery = await http.GetFromJsonAsync<JsonElement>(new Uri(fhirBase + "/.well-known/smart-configuration"), cancellationToken);
        var advertised = discovery.GetProperty("token_endpoint").GetString()!;
        var now = time.GetUtcNow().UtcDateTime;
        var assertion = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = ClientId,
            Audience = advertised,
            Claims = new Dictionary<string, object> { ["sub"] = ClientId, ["jti"] = Guid.NewGuid().ToString("N") },
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(4),
            SigningCredentials = TokenSigningKey.LoadOrCreate(keyPath).Credentials,
        });
        // Posted where this service answers, with aud the endpoint it advertises (they differ behind a proxy or on a test port).
        using var response = await http.PostAsync(new Uri(fhirBase + "/auth/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = scope,
            ["client_assertion_type"] = ClientAssertions.AssertionType,
            ["client_assertion"] = assertion,
        }), cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return response.IsSuccessStatusCode
            ? body.GetProperty("access_token").GetString()!
            : throw new InvalidOperationException($"The token endpoint refused the demo client: {(int)response.StatusCode} {body.GetProperty("error")}.");
    }
}
