using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace BoneMets.Fhir.Service.Api;

/// <summary>
/// A TLS-terminating reverse proxy in front of the service, declared by address: section "ForwardedHeaders",
/// <c>KnownProxies</c> (IP addresses) and <c>KnownNetworks</c> (CIDR, e.g. 10.0.0.0/8). X-Forwarded-For and
/// X-Forwarded-Proto are believed from those addresses only (ASP.NET's forwarded-headers middleware), so the client's
/// address and scheme are the real ones; from anyone else they are ignored. Declaring one is what lets <c>serve</c> listen
/// on plain HTTP off loopback (<see cref="Cli.LoopbackGuard"/>).
/// </summary>
internal static class ProxyHeaders
{
    public const string Section = "ForwardedHeaders";

    public static bool Declared(IConfiguration configuration) => Proxies(configuration).Any() || Networks(configuration).Any();

    /// <summary>Each declared address that does not parse, with its key.</summary>
    public static IEnumerable<string> Problems(IConfiguration configuration) =>
        Proxies(configuration).Where(p => !IPAddress.TryParse(p.Value, out _)).Select(p => $"{p.Path} '{p.Value}' is not an IP address.")
            .Concat(Networks(configuration).Where(n => !System.Net.IPNetwork.TryParse(n.Value, out _)).Select(n => $"{n.Path} '{n.Value}' is not a CIDR network (e.g. 10.0.0.0/8)."));

    public static WebApplicationBuilder AddProxyHeaders(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in Proxies(configuration))
            {
                if (IPAddress.TryParse(proxy.Value, out var address))
                {
                    options.KnownProxies.Add(address);
                }
            }

            foreach (var network in Networks(configuration))
            {
                if (System.Net.IPNetwork.TryParse(network.Value, out var parsed))
                {
                    options.KnownIPNetworks.Add(parsed);
                }
            }
        });
        return builder;
    }

    /// <summary>First in the pipeline, and only when a proxy is declared: otherwise no forwarded header is believed.</summary>
    public static WebApplication UseProxyHeaders(this WebApplication app)
    {
        if (Declared(app.Configuration))
        {
            app.UseForwardedHeaders();
        }

        return app;
    }

    private static IEnumerable<IConfigurationSection> Proxies(IConfiguration configuration) =>
        configuration.GetSection(Section + ":KnownProxies").GetChildren().Where(s => !string.IsNullOrWhiteSpace(s.Value));

    private static IEnumerable<IConfigurationSection> Networks(IConfiguration configuration) =>
        configuration.GetSection(Section + ":KnownNetworks").GetChildren().Where(s => !string.IsNullOrWhiteSpace(s.Value));
}
