using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Partners;

namespace BoneMets.Fhir.Gather;

/// <summary>
/// SMART Backend Services (SMART App Launch 2.2): a client_credentials grant with a signed JWT assertion
/// (RS384 or ES384; iss = sub = client id, aud = token URL, exp 4 minutes ahead, unique jti, header kid) and
/// system/ scopes. Tokens are cached until 30 s before they expire (there is no refresh token).
/// </summary>
public sealed class PartnerTokens(IHttpClientFactory http, PartnersOptions partners, TimeProvider clock)
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset Until)> cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> gates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> tokenUrls = new(StringComparer.Ordinal);

    public async Task<string> GetAsync(string partnerId, PartnerAuthOptions auth, bool refresh, CancellationToken cancellationToken)
    {
        if (!refresh && cache.TryGetValue(partnerId, out var cached) && cached.Until > clock.GetUtcNow())
        {
            return cached.Token;
        }

        var gate = gates.GetOrAdd(partnerId, _ => new SemaphoreSlim(1, 1));
        var seen = cache.TryGetValue(partnerId, out var before) ? before.Token : null;
        await gate.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have fetched while this one waited: take theirs unless it is the one that failed.
            if (cache.TryGetValue(partnerId, out cached) && cached.Until > clock.GetUtcNow() && (!refresh || cached.Token != seen))
            {
                return cached.Token;
            }

            var fresh = await RequestAsync(partnerId, auth, cancellationToken);
            cache[partnerId] = fresh;
            return fresh.Token;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<(string Token, DateTimeOffset Until)> RequestAsync(string partnerId, PartnerAuthOptions auth, CancellationToken cancellationToken)
    {
        var client = http.CreateClient(PartnerHttp.TokenClient);
        var tokenUrl = auth.TokenUrl ?? await DiscoverAsync(client, partnerId, cancellationToken);
        var now = clock.GetUtcNow();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = auth.Scopes,
            ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ["client_assertion"] = ClientAssertion.Create(auth, tokenUrl, now),
        });
        using var response = await client.PostAsync(new Uri(tokenUrl), form, cancellationToken);
        if ((int)response.StatusCode >= 500 || response.StatusCode == System.Net.HttpStatusCode.TooManyRequests)
        {
            // The authorization server is down or busy: an outage (the referral waits), not a registration problem.
            throw new HttpRequestException($"the token endpoint answered {(int)response.StatusCode}", null, response.StatusCode);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new PartnerAuthenticationException(partnerId, $"the token endpoint answered {(int)response.StatusCode}");
        }

        var body = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken)
            ?? throw new PartnerAuthenticationException(partnerId, "the token endpoint returned no JSON");
        if (string.IsNullOrEmpty(body.AccessToken))
        {
            throw new PartnerAuthenticationException(partnerId, "the token response has no access_token");
        }

        var lifetime = TimeSpan.FromSeconds(body.ExpiresIn is > 0 ? body.ExpiresIn.Value : 300);
        var until = now + (lifetime > Margin * 2 ? lifetime - Margin : lifetime / 2);
        return (body.AccessToken, until);
    }

    private async Task<string> DiscoverAsync(HttpClient client, string partnerId, CancellationToken cancellationToken)
    {
        if (tokenUrls.TryGetValue(partnerId, out var known))
        {
            return known;
        }

        var url = partners[partnerId].Server + "/.well-known/smart-configuration";
        using var document = JsonDocument.Parse(await client.GetStringAsync(new Uri(url), cancellationToken));
        var tokenUrl = document.RootElement.TryGetProperty("token_endpoint", out var endpoint) ? endpoint.GetString() : null;
        return tokenUrls[partnerId] = tokenUrl ?? throw new PartnerAuthenticationException(partnerId, "smart-configuration names no token_endpoint");
    }

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("expires_in")] int? ExpiresIn);
}

/// <summary>The partner would not give us a token: a configuration or registration problem, not an outage.</summary>
public sealed class PartnerAuthenticationException(string partnerId, string reason)
    : Exception($"Partner '{partnerId}' authentication failed: {reason}.")
{
    public string PartnerId { get; } = partnerId;
}
