using BoneMets.Fhir.Options;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using BoneMets.Fhir.Partners;

namespace BoneMets.Fhir.Service.Auth;

/// <summary>
/// Inbound authorization (SMART Backend Services, ADR 0016). Section "Authorization". Every /fhir call but metadata and
/// the SMART discovery document needs an access token from the token endpoint; the clients below may ask for one.
/// </summary>
public sealed class AuthorizationOptions
{
    public const string Section = "Authorization";

    /// <summary>The clients, by client id (the assertion's iss and sub).</summary>
    public Dictionary<string, AuthorizationClientOptions> Clients { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Lifetime of an issued access token. Default and maximum 300 s.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>
    /// PEM (PKCS#8) file of the key the service signs its access tokens with. Default: "token-signing-key.pem" in the
    /// data directory, generated (ECDSA P-384) on first start. Instances sharing a store must share this file.
    /// </summary>
    public string? SigningKeyPath { get; set; }

    /// <summary>How long a client's JwksUrl answer is trusted before it is fetched again. Default 1 hour.</summary>
    public TimeSpan JwksRefresh { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Register the local demo client ("local-demo", key generated in the data directory) when no client is configured,
    /// so the README's commands work with real tokens (<see cref="Auth.LocalDemoClient"/>). Default true; it never
    /// applies once Clients has an entry, and serve listens only on loopback without one.
    /// </summary>
    public bool LocalDemoClient { get; set; } = true;

    /// <summary>The hospital's own authorization server, whose access tokens are accepted besides ours (ADR 0016). Null: ours only.</summary>
    public ExternalIssuerOptions? ExternalIssuer { get; set; }
}

/// <summary>One client allowed to ask for tokens. Entry "Authorization:Clients:{clientId}".</summary>
public sealed class AuthorizationClientOptions
{
    /// <summary>The partner (Partners id) this client speaks for; absent for an auditor or operator client, which sees all.</summary>
    public string? Partner { get; set; }

    /// <summary>A JWKS file holding the client's public keys. One of JwksPath and JwksUrl.</summary>
    public string? JwksPath { get; set; }

    /// <summary>An https URL serving the client's JWKS; cached, fetched again once when an assertion names an unknown kid.</summary>
    public string? JwksUrl { get; set; }

    /// <summary>The space-separated SMART v2 scopes the client may be granted, e.g. "system/ServiceRequest.c system/Task.rs".</summary>
    public string Scopes { get; set; } = "";
}

/// <summary>Startup validation: each problem names its key; an unknown partner, no key source or a malformed JWKS stops the service.</summary>
internal sealed class AuthorizationOptionsValidation(IOptions<PartnersOptions> partners) : IValidateOptions<AuthorizationOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthorizationOptions options)
    {
        var problems = Problems(options, partners.Value).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    internal static IEnumerable<string> Problems(AuthorizationOptions options, PartnersOptions partners)
    {
        if (options.AccessTokenLifetime <= TimeSpan.Zero || options.AccessTokenLifetime > TimeSpan.FromSeconds(300))
        {
            yield return $"{AuthorizationOptions.Section}:AccessTokenLifetime must be more than 0 and at most 300 s.";
        }

        if (options.JwksRefresh < TimeSpan.FromMinutes(1))
        {
            yield return $"{AuthorizationOptions.Section}:JwksRefresh must be at least 1 minute.";
        }

        foreach (var problem in options.ExternalIssuer?.Problems($"{AuthorizationOptions.Section}:ExternalIssuer") ?? [])
        {
            yield return problem;
        }

        foreach (var (id, client) in options.Clients)
        {
            var at = $"{AuthorizationOptions.Section}:Clients:{id}";
            if (id.Length is 0 or > 128 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                yield return $"{at}: a client id may hold only letters, digits, '-', '_' and '.' (at most 128).";
            }

            if (client.Partner is { } partner && !partners.ContainsKey(partner))
            {
                yield return $"{at}:Partner '{partner}' is not one of Partners (no Partners:{partner} is configured).";
            }

            if ((client.JwksPath is null) == (client.JwksUrl is null))
            {
                yield return $"{at}: set exactly one of JwksPath and JwksUrl.";
            }
            else if (client.JwksUrl is { } url && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps))
            {
                yield return $"{at}:JwksUrl must be an absolute https URL.";
            }
            else if (client.JwksPath is { } path && JwksProblem(path) is { } problem)
            {
                yield return $"{at}:JwksPath {problem}";
            }

            if (!SmartScope.TryParseAll(client.Scopes, out _) || string.IsNullOrWhiteSpace(client.Scopes))
            {
                yield return $"{at}:Scopes must be space-separated SMART v2 system scopes (system/<Type or *>.<cruds>).";
            }
        }
    }

    private static string? JwksProblem(string path)
    {
        try
        {
            var keys = ClientKeys.Parse(File.ReadAllText(path));
            return keys.Count == 0 ? "holds no RSA or EC signing key with a kid." : null;
        }
        catch (IOException)
        {
            return "cannot be read.";
        }
        catch (UnauthorizedAccessException)
        {
            return "cannot be read.";
        }
        catch (Exception e) when (e is ArgumentException or System.Text.Json.JsonException or SecurityTokenException)
        {
            return "is not a JWKS (RFC 7517).";
        }
    }
}
