using System.Security.Cryptography;
using System.Text.Json;
using BoneMets.Fhir.Gather;
using BoneMets.Fhir.Partners;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Tests.Gather;

/// <summary>The outbound SMART client assertion, checked as a partner's token endpoint would: by the library's handler against our JWKS.</summary>
public sealed class ClientAssertionTests : IDisposable
{
    private const string TokenUrl = "https://ehr.example.org/auth/token";
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 9, 30, 0, TimeSpan.Zero);
    private readonly string keyFile = Path.GetTempFileName();

    public void Dispose() => File.Delete(keyFile);

    /// <summary>Writes a fresh private key for <paramref name="algorithm"/> and returns the JWKS a partner would hold for it.</summary>
    private string KeyAndJwks(string algorithm, string kid)
    {
        JsonWebKey jwk;
        if (algorithm == "ES384")
        {
            using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP384);
            File.WriteAllText(keyFile, ec.ExportPkcs8PrivateKeyPem());
            jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ECDsa.Create(ec.ExportParameters(false))));
        }
        else
        {
            using var rsa = RSA.Create(2048);
            File.WriteAllText(keyFile, rsa.ExportPkcs8PrivateKeyPem());
            jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false)));
        }

        var published = jwk.Kty == "EC"
            ? new Dictionary<string, string> { ["kty"] = "EC", ["crv"] = jwk.Crv, ["x"] = jwk.X, ["y"] = jwk.Y }
            : new Dictionary<string, string> { ["kty"] = "RSA", ["n"] = jwk.N, ["e"] = jwk.E };
        published["kid"] = kid;
        published["alg"] = algorithm;
        return JsonSerializer.Serialize(new { keys = new[] { published } });
    }

    private PartnerAuthOptions Auth(string algorithm) => new()
    {
        Mode = PartnerAuthMode.SmartBackend, ClientId = "bonemets-client", TokenUrl = TokenUrl, PrivateKeyPath = keyFile,
        Algorithm = algorithm, KeyId = "key-1", Scopes = "system/Patient.rs",
    };

    private static TokenValidationParameters AsThePartner(string jwks) => new()
    {
        ValidIssuer = "bonemets-client",
        ValidAudience = TokenUrl,
        IssuerSigningKeys = new JsonWebKeySet(jwks).GetSigningKeys(),
        ValidAlgorithms = ["RS384", "ES384"],
        LifetimeValidator = (_, expires, _, _) => expires == (Now + TimeSpan.FromMinutes(4)).UtcDateTime,
    };

    [Theory]
    [InlineData("RS384")]
    [InlineData("ES384")]
    public async Task Create_ValidatesAgainstTheJwksWithTheSmartClaims(string algorithm)
    {
        var jwks = KeyAndJwks(algorithm, "key-1");

        var assertion = ClientAssertion.Create(Auth(algorithm), TokenUrl, Now);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(assertion, AsThePartner(jwks));

        Assert.True(result.IsValid, result.Exception?.Message);
        var token = (JsonWebToken)result.SecurityToken;
        Assert.Equal((algorithm, "key-1", "JWT"), (token.Alg, token.Kid, token.Typ));
        Assert.Equal(("bonemets-client", "bonemets-client"), (token.Issuer, token.Subject));
        Assert.Equal([TokenUrl], token.Audiences);
        Assert.Equal(Now.AddMinutes(4).UtcDateTime, token.ValidTo);
        Assert.Matches("^[0-9a-f]{32}$", token.Id);
    }

    [Fact]
    public void Create_TwoAssertions_DistinctJti()
    {
        KeyAndJwks("RS384", "key-1");

        var ids = Enumerable.Range(0, 2).Select(_ => new JsonWebToken(ClientAssertion.Create(Auth("RS384"), TokenUrl, Now)).Id);

        Assert.Equal(2, ids.Distinct().Count());
    }

    [Fact]
    public async Task Create_PartnerHoldsAnotherKey_Refused()
    {
        var theirs = KeyAndJwks("ES384", "key-1");
        KeyAndJwks("ES384", "key-1"); // the key file now holds a key the partner never registered

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(ClientAssertion.Create(Auth("ES384"), TokenUrl, Now), AsThePartner(theirs));

        Assert.False(result.IsValid);
        Assert.IsAssignableFrom<SecurityTokenInvalidSignatureException>(result.Exception);
    }
}
