using BoneMets.Fhir.Store;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BoneMets.Fhir.Service.Auth;

/// <summary>
/// Decides a client_credentials request authenticated by private_key_jwt (SMART Backend Services; RFC 7523). The
/// assertion is read and its signature, audience, issuer and lifetime checked by Microsoft.IdentityModel's
/// JsonWebTokenHandler; this class only chooses what to check: the key by kid among the client's registered keys,
/// RS384 or ES384 only, iss = sub = a registered client, aud = the advertised token endpoint, exp not past and at most
/// five minutes ahead (with <see cref="ClockSkew"/> either way), and a jti not used before (the store's replay cache).
/// </summary>
public sealed class ClientAssertions(AuthorizationOptions options, ClientKeys keys, IAssertionReplayCache replays, TimeProvider time)
{
    public const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan MaxAssertionLifetime = TimeSpan.FromMinutes(5);
    public static readonly string[] Algorithms = [SecurityAlgorithms.RsaSha384, SecurityAlgorithms.EcdsaSha384];
    private static readonly JsonWebTokenHandler Handler = new() { MaximumTokenSizeInBytes = 16 * 1024 };

    public async Task<TokenDecision> DecideAsync(IReadOnlyDictionary<string, string?> form, string tokenEndpoint, CancellationToken cancellationToken)
    {
        var grantType = form.GetValueOrDefault("grant_type");
        if (string.IsNullOrEmpty(grantType))
        {
            return TokenDecision.Request("grant_type is required.");
        }

        if (grantType != "client_credentials")
        {
            return new TokenDecision.Refused(StatusCodes.Status400BadRequest, "unsupported_grant_type", "Only grant_type client_credentials is supported.");
        }

        if (form.GetValueOrDefault("client_assertion_type") != AssertionType)
        {
            return TokenDecision.Request($"client_assertion_type must be {AssertionType}.");
        }

        if (form.GetValueOrDefault("client_assertion") is not { Length: > 0 } assertion)
        {
            return TokenDecision.Request("client_assertion is required.");
        }

        if (!Handler.CanReadToken(assertion))
        {
            return TokenDecision.Client("client_assertion is not a signed JWT.");
        }

        var token = Handler.ReadJsonWebToken(assertion);
        if (!Algorithms.Contains(token.Alg, StringComparer.Ordinal))
        {
            return TokenDecision.Client("client_assertion must be signed with RS384 or ES384.");
        }

        var clientId = token.Issuer;
        if (string.IsNullOrEmpty(clientId) || clientId != token.Subject)
        {
            return TokenDecision.Client("client_assertion iss and sub must both be the client id.");
        }

        if (!options.Clients.TryGetValue(clientId, out var client))
        {
            return TokenDecision.Client("The client is not registered.");
        }

        if (string.IsNullOrEmpty(token.Kid) || await keys.FindAsync(clientId, token.Kid, cancellationToken) is not { } key)
        {
            return TokenDecision.Client("client_assertion kid names no key registered for this client.", clientId);
        }

        var now = time.GetUtcNow();
        var result = await Handler.ValidateTokenAsync(assertion, new TokenValidationParameters
        {
            ValidIssuer = clientId,
            ValidAudience = tokenEndpoint,
            IssuerSigningKey = key,
            TryAllIssuerSigningKeys = false,
            ValidAlgorithms = Algorithms,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            LifetimeValidator = (notBefore, expires, _, _) => expires is { } exp && exp > (now - ClockSkew).UtcDateTime
                && exp <= (now + MaxAssertionLifetime + ClockSkew).UtcDateTime && (notBefore is null || notBefore <= (now + ClockSkew).UtcDateTime),
        });
        if (!result.IsValid)
        {
            return TokenDecision.Client(Reason(result.Exception), clientId);
        }

        if (token.Id is not { Length: > 0 and <= 256 } jti)
        {
            return TokenDecision.Client("client_assertion jti is required.", clientId);
        }

        if (!await replays.TryRecordAsync(clientId, jti, token.ValidTo, now, cancellationToken))
        {
            return TokenDecision.Client("client_assertion jti was already used.", clientId);
        }

        var allowed = SmartScope.TryParseAll(client.Scopes, out var configured) ? configured : []; // validated at startup
        if (!SmartScope.TryParseAll(form.GetValueOrDefault("scope"), out var requested) || requested.Count == 0)
        {
            return new TokenDecision.Refused(StatusCodes.Status400BadRequest, "invalid_scope", "scope must be space-separated SMART v2 system scopes.", clientId);
        }

        var granted = SmartScope.Grant(requested, allowed);
        return granted.Count == 0
            ? new TokenDecision.Refused(StatusCodes.Status400BadRequest, "invalid_scope", "None of the requested scopes is allowed for this client.", clientId)
            : new TokenDecision.Granted(clientId, client.Partner, granted);
    }

    /// <summary>Which check failed, in words: the library's messages can quote the token.</summary>
    private static string Reason(Exception? failure) => failure switch
    {
        SecurityTokenInvalidAudienceException => "client_assertion aud must be the token endpoint.",
        SecurityTokenInvalidLifetimeException or SecurityTokenExpiredException or SecurityTokenNoExpirationException =>
            "client_assertion exp must be in the future and at most 5 minutes ahead.",
        SecurityTokenInvalidIssuerException => "client_assertion iss must be the client id.",
        SecurityTokenInvalidAlgorithmException => "client_assertion must be signed with RS384 or ES384.",
        _ => "client_assertion signature does not verify with the registered key.",
    };
}
