using System.Security.Claims;
using BoneMets.Fhir.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BoneMets.Fhir.Service.Auth;

/// <summary>
/// Issues and describes the service's access tokens: ES384 JWTs from <see cref="TokenSigningKey"/>, issuer and audience
/// the FHIR base (Program:PublicBaseUrl), living Authorization:AccessTokenLifetime (at most 300 s), carrying the client
/// id, its partner (none for an auditor or operator) and the granted scopes.
/// </summary>
public sealed class AccessTokens(TokenSigningKey signingKey, AuthorizationOptions options, ProgramOptions program, TimeProvider time)
{
    public const string ClientIdClaim = "client_id";
    public const string PartnerClaim = "bonemets_partner";
    public const string ScopeClaim = "scope";
    private static readonly JsonWebTokenHandler Handler = new();

    public string Issuer => program.PublicBaseUrl;

    /// <summary>The token endpoint as advertised, and the only aud a client assertion may carry.</summary>
    public string TokenEndpoint => program.PublicBaseUrl + "/auth/token";

    public TimeSpan Lifetime => options.AccessTokenLifetime;

    public string Issue(TokenDecision.Granted grant)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = grant.ClientId,
            [ClientIdClaim] = grant.ClientId,
            [ScopeClaim] = string.Join(' ', grant.Scopes),
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
        };
        if (grant.Partner is { } partner)
        {
            claims[PartnerClaim] = partner;
        }

        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Issuer,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            Claims = claims,
            SigningCredentials = signingKey.Credentials,
        });
    }

    /// <summary>What JwtBearer checks on every request: this service's key, issuer and audience, and exp on the service's clock.</summary>
    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Issuer,
        IssuerSigningKey = signingKey.Key,
        ValidAlgorithms = [TokenSigningKey.Algorithm],
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        NameClaimType = ClientIdClaim,
        LifetimeValidator = (notBefore, expires, _, _) =>
        {
            var now = time.GetUtcNow().UtcDateTime;
            return expires is { } exp && exp > now - TimeSpan.FromSeconds(30) && (notBefore is null || notBefore <= now + TimeSpan.FromSeconds(30));
        },
    };

    /// <summary>The granted scopes of an authenticated request (empty for none).</summary>
    public static IReadOnlyList<SmartScope> Scopes(ClaimsPrincipal user) =>
        SmartScope.TryParseAll(user.FindFirst(ScopeClaim)?.Value, out var scopes) ? scopes : [];
}
