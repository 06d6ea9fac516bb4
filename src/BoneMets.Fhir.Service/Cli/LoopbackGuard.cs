using System.Net;

namespace BoneMets.Fhir.Service.Cli;

/// <summary>
/// Until partner authentication (SMART Backend Services) is built, the service accepts referrals from anyone
/// who can reach it, so it listens on loopback only: an interface engine on the same host, or a reverse proxy
/// that authenticates, reaches it there.
/// </summary>
public static class LoopbackGuard
{
    public static string? Refusal(IConfiguration configuration)
    {
        var urls = (configuration["urls"] ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>())
            .ToList();
        if (!string.IsNullOrEmpty(configuration["http_ports"]) || !string.IsNullOrEmpty(configuration["https_ports"]))
        {
            urls.Add("http://*:" + (configuration["http_ports"] ?? configuration["https_ports"]));
        }

        var open = urls.Where(u => !IsLoopback(u)).ToList();
        return open.Count == 0 ? null :
            $"Refusing to listen on {string.Join(", ", open)}: BoneMets.Fhir has no partner authentication yet, so it listens " +
            "on loopback only (localhost, 127.0.0.0/8, [::1]). Use --urls http://127.0.0.1:PORT and put an authenticating " +
            "reverse proxy on this host in front of it.";
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
