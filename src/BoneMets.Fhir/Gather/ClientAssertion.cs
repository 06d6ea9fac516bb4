using System.Security.Cryptography;
using BoneMets.Fhir.Partners;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BoneMets.Fhir.Gather;

/// <summary>
/// The signed JWT a SMART backend client authenticates with (SMART App Launch 2.2, Backend Services):
/// iss = sub = client id, aud = the token URL, exp 4 minutes ahead (at most 5 allowed), a unique jti, header kid,
/// signed RS384 or ES384 by Microsoft.IdentityModel's handler — the one the inbound side validates with.
/// </summary>
public static class ClientAssertion
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(4);
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public static string Create(PartnerAuthOptions auth, string tokenUrl, DateTimeOffset now)
    {
        var pem = File.ReadAllText(auth.PrivateKeyPath!);
        using var algorithm = auth.Algorithm == SecurityAlgorithms.EcdsaSha384 ? (AsymmetricAlgorithm)ECDsa.Create() : RSA.Create();
        algorithm.ImportFromPem(pem);
        SecurityKey key = algorithm is ECDsa ec ? new ECDsaSecurityKey(ec) : new RsaSecurityKey((RSA)algorithm);
        key.KeyId = auth.KeyId;
        // The key object is disposed after signing: a provider cached by key id would outlive it.
        key.CryptoProviderFactory = new CryptoProviderFactory { CacheSignatureProviders = false };

        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = auth.ClientId,
            Audience = tokenUrl,
            Expires = (now + Lifetime).UtcDateTime,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = auth.ClientId!,
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            },
            SigningCredentials = new SigningCredentials(key, auth.Algorithm == SecurityAlgorithms.EcdsaSha384 ? SecurityAlgorithms.EcdsaSha384 : SecurityAlgorithms.RsaSha384),
        });
    }
}
