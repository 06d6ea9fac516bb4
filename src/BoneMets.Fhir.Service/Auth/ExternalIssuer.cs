using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace BoneMets.Fhir.Service.Auth;

/// <summary>
/// Access tokens from the hospital's own authorization server, accepted besides ours (<c>Authorization:ExternalIssuer</c>):
/// JwtBearer reads the issuer's OpenID Connect metadata and keys (<see cref="ExternalIssuerOptions.MetadataUrl"/>,
/// cached and refreshed by Microsoft.IdentityModel's configuration manager) and checks signature, issuer, audience and
/// lifetime; then the claim that names the client (<see cref="ExternalIssuerOptions.ClientClaim"/>) must be one of
/// <c>Authorization:Clients</c>, which gives it its partner, and its scopes are the token's SMART v2 scopes that client
/// may hold. The result is the same principal our own tokens give, so the gate, isolation and audit see one shape.
/// </summary>
public static class ExternalIssuer
{
    public const string Scheme = "ExternalIssuer";

    public static void Configure(JwtBearerOptions bearer, AuthorizationOptions options)
    {
        if (options.ExternalIssuer is not { } external)
        {
            return;
        }

        bearer.MetadataAddress = external.MetadataUrl;
        bearer.RequireHttpsMetadata = external.MetadataUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        bearer.MapInboundClaims = false;
        bearer.TokenValidationParameters.ValidAudience = external.Audience;
        bearer.TokenValidationParameters.RequireSignedTokens = true;
        bearer.TokenValidationParameters.RequireExpirationTime = true;
        bearer.TokenValidationParameters.ClockSkew = TimeSpan.FromSeconds(30);
        bearer.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                if (Map(context.Principal!, options) is { } mapped)
                {
                    context.Principal = mapped;
                }
                else
                {
                    context.Fail("The token's client is not registered here, or holds none of its scopes.");
                }

                return Task.CompletedTask;
            },
        };
    }

    /// <summary>The registered client the external token names, with the scopes both grant; null when there is none.</summary>
    public static ClaimsPrincipal? Map(ClaimsPrincipal token, AuthorizationOptions options)
    {
        var claim = options.ExternalIssuer?.ClientClaim ?? ExternalIssuerOptions.DefaultClientClaim;
        if (token.FindFirst(claim)?.Value is not { Length: > 0 } clientId || !options.Clients.TryGetValue(clientId, out var client))
        {
            return null;
        }

        var requested = (token.FindFirst(AccessTokens.ScopeClaim)?.Value ?? token.FindFirst("scp")?.Value ?? "")
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => SmartScope.TryParse(s, out var scope) ? scope : null).OfType<SmartScope>();
        var granted = SmartScope.Grant(requested, SmartScope.TryParseAll(client.Scopes, out var allowed) ? allowed : []);
        if (granted.Count == 0)
        {
            return null;
        }

        List<Claim> claims =
        [
            new(AccessTokens.ClientIdClaim, clientId),
            new("sub", clientId),
            new(AccessTokens.ScopeClaim, string.Join(' ', granted)),
            new("iss", token.FindFirst("iss")?.Value ?? ""),
        ];
        if (client.Partner is { } partner)
        {
            claims.Add(new Claim(AccessTokens.PartnerClaim, partner));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme, AccessTokens.ClientIdClaim, null));
    }
}

/// <summary>The hospital's authorization server whose access tokens are accepted too. Section "Authorization:ExternalIssuer".</summary>
public sealed class ExternalIssuerOptions
{
    public const string DefaultClientClaim = "client_id";

    /// <summary>Its OpenID Connect discovery document (…/.well-known/openid-configuration): https (http only on loopback, for tests).</summary>
    public string MetadataUrl { get; set; } = "";

    /// <summary>The audience its tokens for this service carry (aud). Required.</summary>
    public string Audience { get; set; } = "";

    /// <summary>The claim that names the client, whose value must be one of Authorization:Clients. Default "client_id" (RFC 9068); "azp" for some servers.</summary>
    public string ClientClaim { get; set; } = DefaultClientClaim;

    internal IEnumerable<string> Problems(string at)
    {
        var loopback = Uri.TryCreate(MetadataUrl, UriKind.Absolute, out var uri) && uri.IsLoopback;
        if (uri is null || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && loopback)))
        {
            yield return $"{at}:MetadataUrl must be an absolute https URL of the issuer's OpenID Connect metadata.";
        }

        if (string.IsNullOrWhiteSpace(Audience))
        {
            yield return $"{at}:Audience is required (the aud its tokens for this service carry).";
        }

        if (string.IsNullOrWhiteSpace(ClientClaim))
        {
            yield return $"{at}:ClientClaim must name the claim that holds the client id.";
        }
    }
}
