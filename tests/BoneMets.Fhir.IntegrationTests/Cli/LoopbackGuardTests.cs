using BoneMets.Fhir.Service.Cli;
using Microsoft.Extensions.Configuration;

namespace BoneMets.Fhir.IntegrationTests.Cli;

public sealed class LoopbackGuardTests
{
    [Theory]
    [InlineData("http://localhost:5080")]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://127.8.9.10:1")]
    [InlineData("http://[::1]:5080")]
    [InlineData("https://localhost:5443;http://127.0.0.1:5080")]
    public void Refusal_LoopbackUrls_AllowsThem(string urls) =>
        Assert.Null(LoopbackGuard.Refusal(Config(("urls", urls))));

    [Theory]
    [InlineData("http://0.0.0.0:5080")]
    [InlineData("http://*:5080")]
    [InlineData("http://+:5080")]
    [InlineData("http://[::]:5080")]
    [InlineData("http://10.1.2.3:5080")]
    [InlineData("http://example.org:5080")]
    [InlineData("http://localhost:5080;http://0.0.0.0:5081")]
    public void Refusal_AnyNonLoopbackUrl_RefusesAndSaysWhy(string urls)
    {
        var refusal = LoopbackGuard.Refusal(Config(("urls", urls)));

        Assert.NotNull(refusal);
        Assert.Contains("no partner authentication", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Refusal_HttpPortsBindEveryInterface_Refuses() =>
        Assert.NotNull(LoopbackGuard.Refusal(Config(("http_ports", "8080"))));

    [Fact]
    public void Refusal_KestrelEndpointOnAllInterfaces_Refuses() =>
        Assert.NotNull(LoopbackGuard.Refusal(Config(("Kestrel:Endpoints:Public:Url", "http://0.0.0.0:9000"))));

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}
