using System.Collections.Concurrent;
using Microsoft.IdentityModel.Tokens;

namespace BoneMets.Fhir.Service.Auth;

/// <summary>
/// The registered public keys of each client, by kid: a JwksPath file is read once at startup; a JwksUrl is fetched on
/// first use, trusted for Authorization:JwksRefresh, and fetched again (at most once a minute) when an assertion names
/// a kid it does not hold, so a client can rotate its key without a restart.
/// </summary>
public sealed class ClientKeys(AuthorizationOptions options, IHttpClientFactory http, TimeProvider time)
{
    public const string JwksClient = "bonemets-jwks";
    private static readonly TimeSpan MinRefetch = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, Cached> cache = new(StringComparer.Ordinal);

    /// <summary>The client's key with this kid; null when the client is unknown or has no such key.</summary>
    public async Task<SecurityKey?> FindAsync(string clientId, string kid, CancellationToken cancellationToken)
    {
        if (!options.Clients.TryGetValue(clientId, out var client))
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (!cache.TryGetValue(clientId, out var cached) || (client.JwksUrl is not null && now - cached.FetchedAt > options.JwksRefresh))
        {
            cached = await LoadAsync(client, now, cancellationToken);
            cache[clientId] = cached;
        }

        if (cached.Keys.TryGetValue(kid, out var key))
        {
            return key;
        }

        if (client.JwksUrl is null || now - cached.FetchedAt < MinRefetch)
        {
            return null;
        }

        cached = await LoadAsync(client, now, cancellationToken);
        cache[clientId] = cached;
        return cached.Keys.GetValueOrDefault(kid);
    }

    /// <summary>The RSA and EC signing keys of a JWKS document that carry a kid (the kid selects the key).</summary>
    public static IReadOnlyDictionary<string, SecurityKey> Parse(string json)
    {
        var set = new JsonWebKeySet(json) { SkipUnresolvedJsonWebKeys = true };
        return set.Keys
            .Where(k => !string.IsNullOrEmpty(k.Kid) && k.Kty is JsonWebAlgorithmsKeyTypes.RSA or JsonWebAlgorithmsKeyTypes.EllipticCurve
                && (k.Use is null or "sig") && !k.HasPrivateKey)
            .GroupBy(k => k.Kid, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (SecurityKey)g.First(), StringComparer.Ordinal);
    }

    private async Task<Cached> LoadAsync(AuthorizationClientOptions client, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (client.JwksPath is { } path)
        {
            return new Cached(Parse(await File.ReadAllTextAsync(path, cancellationToken)), now);
        }

        try
        {
            using var response = await http.CreateClient(JwksClient).GetAsync(new Uri(client.JwksUrl!), cancellationToken);
            response.EnsureSuccessStatusCode();
            return new Cached(Parse(await response.Content.ReadAsStringAsync(cancellationToken)), now);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or ArgumentException or System.Text.Json.JsonException)
        {
            // An unreachable or broken JWKS authenticates nobody until the next attempt; never a stale key set kept forever.
            return new Cached(new Dictionary<string, SecurityKey>(), now);
        }
    }

    private sealed record Cached(IReadOnlyDictionary<string, SecurityKey> Keys, DateTimeOffset FetchedAt);
}
