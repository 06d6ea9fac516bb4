using System.Net;
using BoneMets.Fhir.Audit;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Search;
using BoneMets.Fhir.Service.Auth;
using BoneMets.Fhir.Store;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.Auth;

/// <summary>Per-client rate limits through the real host: 429 with Retry-After and an OperationOutcome, audited, and one client's burst leaves another alone.</summary>
public sealed class RateLimitsTests : IDisposable
{
    private static readonly SmartClient Hasty = new("hasty-engine");
    private readonly BoneMetsHost host;

    public RateLimitsTests()
    {
        var directory = Path.Combine(Path.GetTempPath(), "bonemets-test-" + Guid.NewGuid().ToString("N"));
        host = new BoneMetsHost(directory, worker: false, settings: new Dictionary<string, string>
        {
            [$"Authorization:Clients:{Hasty.ClientId}:JwksPath"] = Hasty.WriteJwks(directory),
            [$"Authorization:Clients:{Hasty.ClientId}:Scopes"] = "system/Task.rs",
            // Two at once, then one a minute: the third request within the minute is refused.
            [$"Authorization:Clients:{Hasty.ClientId}:RateLimit:Burst"] = "2",
            [$"Authorization:Clients:{Hasty.ClientId}:RateLimit:RequestsPerMinute"] = "1",
        });
    }

    public void Dispose()
    {
        host.Dispose();
        host.DeleteStore();
    }

    [Fact]
    public async Task Request_OverTheClientsBurst_429WithRetryAfterAndThrottledOutcomeAudited()
    {
        var hasty = await host.CreateClientAsAsync(Hasty, "system/Task.rs");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 2; i++)
        {
            using var allowed = await hasty.GetAsync(new Uri("/fhir/Task?status=requested", UriKind.Relative));
            statuses.Add(allowed.StatusCode);
        }

        using var refused = await hasty.GetAsync(new Uri("/fhir/Task/too-soon", UriKind.Relative));
        using var other = await host.CreateClient().GetAsync(new Uri("/fhir/Task?status=requested", UriKind.Relative));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.Equal(OperationOutcome.IssueType.Throttled, ((OperationOutcome)await BoneMetsHost.ReadFhirAsync(refused)).Issue.Single().Code);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode); // the operator's own bucket

        var (search, _) = AuditSearch.Parse([new("entity", "Task/too-soon")], strict: true);
        var audit = FhirJson.Parse<AuditEvent>((await host.Services.GetRequiredService<IAuditStore>().SearchAuditEventsAsync(search!, CancellationToken.None)).Events.Single());
        Assert.Equal((AuditEvent.AuditEventOutcome.N4, "429 rate-limited", Hasty.ClientId),
            (audit.Outcome!.Value, audit.OutcomeDesc, audit.Agent.Single(a => a.Requestor == true).Who.Identifier.Value));
    }

    [Theory]
    [InlineData("Authorization:RateLimit:Burst", "0", "Authorization:RateLimit:")]
    [InlineData("Authorization:RateLimit:RequestsPerMinute", "-5", "Authorization:RateLimit:")]
    [InlineData("Authorization:Clients:c1:RateLimit:Burst", "0", "Authorization:Clients:c1:RateLimit:")]
    public void Startup_BadRateLimit_StopsNamingTheKey(string key, string value, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        using var services = new ServiceCollection().AddLogging().AddClientRateLimits(configuration).BuildServiceProvider();

        var refused = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ClientRateLimitOptions>>().Value);

        Assert.Contains(refused.Failures, f => f.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Options_Defaults_ApplyToEveryClientWithoutItsOwn()
    {
        var options = new ClientRateLimitOptions { Clients = { ["own"] = new() { RateLimit = new() { Burst = 5 } }, ["plain"] = new() } };

        Assert.Equal((5, 300, 1200), (options.For("own").Burst, options.For("plain").Burst, options.For("unregistered").RequestsPerMinute));
    }
}
