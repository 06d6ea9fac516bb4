using System.Net;
using BoneMets.Fhir.Service.Api;

namespace BoneMets.Fhir.Service.Cli;

/// <summary>
/// When <c>serve</c> may listen off loopback (ADR 0016, superseding ADR 0005): only once clients are registered
/// (<c>Authorization:Clients</c>; without them nobody but the loopback-only demo client could call, so exposing the port
/// buys nothing), and plain HTTP only behind a declared TLS-terminating proxy (<c>ForwardedHeaders:KnownProxies</c> or
/// <c>KnownNetworks</c>): bearer tokens and referrals must not cross a network in the clear. HTTPS URLs are
/// Kestrel's to serve (its certificate configuration).
/// </summary>
public static class LoopbackGuard
{
    public static string? Refusal(IConfiguration configuration)
    {
        var urls = (configuration["urls"] ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>())
            .ToList();
        if (!string.IsNullOrEmpty(configuration["http_ports"]))
        {
            urls.Add("http://*:" + configuration["http_ports"]);
        }

        if (!string.IsNullOrEmpty(configuration["https_ports"]))
        {
            urls.Add("https://*:" + configuration["https_ports"]);
        }

        var open = urls.Where(u => !IsLoopback(u)).ToList();
        if (open.Count == 0)
        {
            return null;
        }

        if (!configuration.GetSection("Authorization:Clients").GetChildren().Any())
        {
            return $"Refusing to listen on {string.Join(", ", open)}: no client is registered, so only the local demo client could call " +
                "and it works on loopback only. Register each partner's client first — Authorization:Clients:<clientId> with Partner, " +
                "JwksPath or JwksUrl, and Scopes (docs/integration-guide.md, \"Connecting\") — or listen on loopback (--urls http://127.0.0.1:PORT).";
        }

        if (ProxyHeaders.Problems(configuration).ToList() is { Count: > 0 } problems)
        {
            return "Refusing to start: " + string.Join(" ", problems);
        }

        var plain = open.Where(u => u.StartsWith("http://", StringComparison.OrdinalIgnoreCase)).ToList();
        return plain.Count == 0 || ProxyHeaders.Declared(configuration) ? null :
            $"Refusing plain HTTP on {string.Join(", ", plain)}: access tokens and referrals would cross the network in the clear. " +
            "Serve HTTPS (an https:// URL in --urls or Kestrel:Endpoints:<name>:Url, with Kestrel:Certificates:Default:Path and :Password " +
            "or the endpoint's own Certificate), or declare the TLS-terminating proxy in front of it in ForwardedHeaders:KnownProxies:0 " +
            "(an IP address) or ForwardedHeaders:KnownNetworks:0 (a CIDR network).";
    }

    internal static bool IsLoopback(string url)
    {
        // Kestrel's wildcards ("*", "+", "0.0.0.0", "[::]") are not valid hosts for Uri; they mean every interface.
        var host = url.Split("://").Last().Split('/')[0];
        host = host.StartsWith('[') ? host[..(host.IndexOf(']', StringComparison.Ordinal) + 1)] : host.Split(':')[0];
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }
}
