using BoneMets.Fhir.Service.Cli;
using Microsoft.Extensions.Configuration;

namespace BoneMets.Fhir.IntegrationTests.Cli;

public sealed class LoopbackGuardTests
{
    private static readonly (string, string) Client = ("Authorization:Clients:north-interface:JwksPath", "north.jwks.json");
    private static readonly (string, string) Proxy = ("ForwardedHeaders:KnownProxies:0", "10.0.0.5");

    [Theory]
    [InlineData("http://localhost:5080")]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://127.8.9.10:1")]
    [InlineData("http://[::1]:5080")]
    [InlineData("https://localhost:5443;http://127.0.0.1:5080")]
    public void Refusal_LoopbackUrls_AllowsThemEvenWithoutClients(string urls) =>
        Assert.Null(LoopbackGuard.Refusal(Config(("urls", urls))));

    [Theory]
    [InlineData("http://0.0.0.0:5080")]
    [InlineData("https://*:5443")]
    [InlineData("http://+:5080")]
    [InlineData("http://[::]:5080")]
    [InlineData("https://10.1.2.3:5443")]
    [InlineData("http://localhost:5080;https://0.0.0.0:5443")]
    public void Refusal_OffLoopbackWithoutClients_RefusesNamingTheClientsKey(string urls)
    {
        var refusal = LoopbackGuard.Refusal(Config(("urls", urls)));

        Assert.NotNull(refusal);
        Assert.Contains("Authorization:Clients:<clientId>", refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://0.0.0.0:5443")]
    [InlineData("https://example.org:5443;http://localhost:5080")]
    public void Refusal_HttpsOffLoopbackWithClients_Allowed(string urls) =>
        Assert.Null(LoopbackGuard.Refusal(Config(("urls", urls), Client)));

    [Theory]
    [InlineData("http://0.0.0.0:5080")]
    [InlineData("http://example.org:5080")]
    [InlineData("https://0.0.0.0:5443;http://0.0.0.0:5080")]
    public void Refusal_PlainHttpOffLoopbackWithoutProxy_RefusesNamingHttpsAndProxyKeys(string urls)
    {
        var refusal = LoopbackGuard.Refusal(Config(("urls", urls), Client));

        Assert.NotNull(refusal);
        Assert.Contains("Kestrel:Endpoints:<name>:Url", refusal, StringComparison.Ordinal);
        Assert.Contains("ForwardedHeaders:KnownProxies", refusal, StringComparison.Ordinal);
        Assert.Contains("ForwardedHeaders:KnownNetworks", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Refusal_PlainHttpBehindADeclaredProxy_Allowed() =>
        Assert.Null(LoopbackGuard.Refusal(Config(("urls", "http://0.0.0.0:5080"), Client, Proxy)));

    [Fact]
    public void Refusal_PlainHttpBehindADeclaredNetwork_Allowed() =>
        Assert.Null(LoopbackGuard.Refusal(Config(("urls", "http://0.0.0.0:5080"), Client, ("ForwardedHeaders:KnownNetworks:0", "10.0.0.0/8"))));

    [Theory]
    [InlineData("ForwardedHeaders:KnownProxies:0", "proxy.example.org")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "10.0.0.0/99")]
    public void Refusal_MalformedProxyDeclaration_RefusesNamingTheKey(string key, string value)
    {
        var refusal = LoopbackGuard.Refusal(Config(("urls", "http://0.0.0.0:5080"), Client, (key, value)));

        Assert.NotNull(refusal);
        Assert.Contains(key, refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Refusal_HttpPortsBindEveryInterface_NeedsClientsAndAProxy()
    {
        Assert.NotNull(LoopbackGuard.Refusal(Config(("http_ports", "8080"))));
        Assert.NotNull(LoopbackGuard.Refusal(Config(("http_ports", "8080"), Client)));
        Assert.Null(LoopbackGuard.Refusal(Config(("http_ports", "8080"), Client, Proxy)));
    }

    [Fact]
    public void Refusal_KestrelEndpointOnAllInterfaces_Refuses() =>
        Assert.NotNull(LoopbackGuard.Refusal(Config(("Kestrel:Endpoints:Public:Url", "http://0.0.0.0:9000"), Client)));

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}
