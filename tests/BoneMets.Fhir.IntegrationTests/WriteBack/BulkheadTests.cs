using System.Net;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Store;
using BoneMets.Fhir.Terminology;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Task = System.Threading.Tasks.Task;
using FhirTask = Hl7.Fhir.Model.Task;

namespace BoneMets.Fhir.IntegrationTests.WriteBack;

/// <summary>
/// Bulkheads end to end (issue 19), two partners through the real host: "westbrook", whose write-back server fails
/// every transaction, and "eastfield", healthy. The healthy partner's referrals are all delivered and verified while the
/// failing one still fails, and the failing partner's own intake and gathering go on; once it recovers, its deliveries
/// go through too. Counts and states only; the waits are bounded, nothing is timed.
/// </summary>
public sealed class BulkheadTests : IDisposable
{
    private const string Healthy = "eastfield";
    private const string HealthySource = "https://interface.eastfield.example.org/fhir";
    private const int BadReferrals = 4;
    private const int HealthyReferrals = 10;

    private readonly FakePartnerServer failing = new() { EnforcesReferences = true };
    private readonly FakePartnerServer healthy = new() { EnforcesReferences = true };

    public void Dispose()
    {
        failing.Dispose();
        healthy.Dispose();
    }

    [Theory]
    [InlineData(PartnerFault.Unavailable)] // a 503 storm: the write-back circuit opens
    [InlineData(PartnerFault.TimeoutBeforeCommit)] // every answer later than the attempt timeout: each attempt holds a loop
    public async Task TwoPartners_OnesWriteBackFailing_OthersReferralsAllDeliveredAndItsOwnIntakeGoesOn(PartnerFault fault)
    {
        for (var i = 0; i < 10_000; i++)
        {
            failing.Faults.Enqueue(fault);
        }

        using var host = WriteBackHost.Start(failing, extra: Settings());
        var outbox = host.Services.GetRequiredService<IDeliveryOutbox>();
        var samples = Samples.Referrals.Where(n => !n.StartsWith("11-", StringComparison.Ordinal)).ToList();

        // The failing partner's referrals first: they are queued, and retried, ahead of the healthy partner's.
        await PostAllAsync(host, Enumerable.Range(0, BadReferrals).Select(i => Referral(samples, i)));
        await WriteBackHost.UntilAsync(() => failing.Transactions >= BadReferrals, "the failing partner's first attempts");
        await PostAllAsync(host, Enumerable.Range(BadReferrals, HealthyReferrals).Select(i => FromHealthy(Referral(samples, i))));

        var deliveries = await UntilAsync(outbox, all => all.Count(d => d.PartnerId == Healthy && d.Status == DeliveryStatus.Done) >= HealthyReferrals,
            "every healthy referral delivered");

        // The healthy partner holds every referral once, in the service's state (done means verified at the partner) ...
        Assert.All(deliveries.Where(d => d.PartnerId == Healthy), d => Assert.Equal(DeliveryStatus.Done, d.Status));
        Assert.Empty(healthy.Duplicates());
        Assert.Equal(HealthyReferrals, healthy.All<FhirTask>().Count);
        var ours = (await host.GetAsync<Bundle>("/fhir/Task?_count=100")).Entry.Select(e => e.Resource).OfType<FhirTask>()
            .Where(t => t.Identifier.Any(i => i.System == CodeSystems.ReferralIdentifier))
            .ToDictionary(FillerId, StringComparer.Ordinal);
        Assert.All(healthy.All<FhirTask>(), t => Assert.Equal(ours[FillerId(t)].Status, t.Status));
        // ... while the failing partner still fails: none of its deliveries done or given up, nothing committed there.
        var stuck = deliveries.Where(d => d.PartnerId == WriteBackHost.Partner).ToList();
        Assert.Equal(BadReferrals, stuck.Count);
        Assert.All(stuck, d => Assert.True(d.Status is DeliveryStatus.Pending or DeliveryStatus.Processing, $"#{d.Sequence} {d.Status}: {d.LastError}"));
        Assert.Equal(0, failing.Commits);

        if (fault is PartnerFault.Unavailable)
        {
            // Its write-back circuit is open (the deliveries fail fast without reaching the server) ...
            await UntilAsync(outbox, all => all.Any(d => d.PartnerId == WriteBackHost.Partner && d.LastError?.Contains("circuit is open", StringComparison.Ordinal) == true),
                "the failing partner's write-back circuit open");
        }

        // The failing partner's own intake and gathering go on: a new referral from it is accepted, gathered from its server and triaged.
        var conditionsRead = failing.ReadsOf.GetValueOrDefault("Condition");
        using (var accepted = await host.PostMessageAsync(Referral(samples, BadReferrals + HealthyReferrals)))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        // Gathered without waiting for its partner: never deferred behind the write-back's open circuit (a breaker shared with the write-back would have).
        var inbox = host.Services.GetRequiredService<IReferralInbox>();
        for (var deadline = DateTime.UtcNow.AddSeconds(60); (await inbox.ListAsync(InboxStatus.Done, CancellationToken.None)).Count < BadReferrals + HealthyReferrals + 1; await Task.Delay(20))
        {
            var waiting = await inbox.ListAsync(InboxStatus.Pending, CancellationToken.None);
            Assert.DoesNotContain(waiting, i => i.LastError?.Contains("PartnerUnavailableException", StringComparison.Ordinal) == true);
            Assert.True(DateTime.UtcNow < deadline, "the failing partner's new referral was not triaged within 60 s");
        }

        await UntilAsync(outbox, all => all.Count(d => d.PartnerId == WriteBackHost.Partner) > BadReferrals, "the new referral's delivery queued");
        Assert.True(failing.ReadsOf.GetValueOrDefault("Condition") > conditionsRead, "gathered from the failing partner's server");
        Assert.Equal(0, failing.Commits);

        // Recovered, the failing partner gets its referrals too, each once.
        failing.Faults.Clear();
        var settled = await UntilAsync(outbox, all => all.All(d => d.Status == DeliveryStatus.Done), "the recovered partner's deliveries");
        Assert.Equal(BadReferrals + 1, settled.Count(d => d.PartnerId == WriteBackHost.Partner));
        Assert.Empty(failing.Duplicates());
        Assert.Equal(BadReferrals + 1, failing.All<FhirTask>().Count);
    }

    /// <summary>
    /// Both partners on the same short limits; the failing one's circuit opens after a few failures and tries again
    /// after a second. The healthy partner is named by its interface engine's source endpoint, the failing one is the default.
    /// </summary>
    private Dictionary<string, string> Settings()
    {
        var settings = new Dictionary<string, string>
        {
            [$"Partners:{Healthy}:BaseUrl"] = healthy.BaseUrl,
            [$"Partners:{Healthy}:SourceEndpoints:0"] = HealthySource,
            [$"Partners:{Healthy}:WriteBack:Enabled"] = "true",
            [$"Partners:{Healthy}:WriteBack:RetryBaseDelay"] = "00:00:00.100",
            [$"Partners:{Healthy}:WriteBack:RetryMaxDelay"] = "00:00:02",
            [$"Partners:{Healthy}:Limits:AttemptTimeout"] = "00:00:01",
            [$"Partners:{Healthy}:Limits:TotalTimeout"] = "00:00:05",
            [$"Partners:{WriteBackHost.Partner}:Limits:CircuitMinimumThroughput"] = "4",
            [$"Partners:{WriteBackHost.Partner}:Limits:CircuitBreakDuration"] = "00:00:01",
            [$"Partners:{WriteBackHost.Partner}:Limits:MaxRetryAfter"] = "00:00:02",
        };
        return settings;
    }

    private static string FillerId(FhirTask task) => task.Identifier.First(i => i.System == CodeSystems.ReferralIdentifier).Value ?? "";

    /// <summary>A sample as another referral of its placer's (its Task's identifiers too).</summary>
    private static string Referral(List<string> samples, int copy) => FaultCampaignTests.AsNewReferral(Samples.Referral(samples[copy % samples.Count]), copy);

    /// <summary>The referral as sent by the healthy partner's interface engine.</summary>
    private static string FromHealthy(string referral)
    {
        var bundle = FhirJson.Parse<Bundle>(referral);
        ((MessageHeader)bundle.Entry[0].Resource!).Source.Endpoint = HealthySource;
        return FhirJson.Serialize(bundle);
    }

    private static async Task PostAllAsync(BoneMetsHost host, IEnumerable<string> messages)
    {
        foreach (var message in messages)
        {
            using var answer = await host.PostMessageAsync(message);
            Assert.True(answer.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync());
        }
    }

    /// <summary>Waits (bounded: 60 s) until the outbox satisfies <paramref name="condition"/>.</summary>
    private static async Task<IReadOnlyList<Delivery>> UntilAsync(IDeliveryOutbox outbox, Func<IReadOnlyList<Delivery>, bool> condition, string what)
    {
        IReadOnlyList<Delivery> all = [];
        for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline; await Task.Delay(50))
        {
            all = await outbox.ListDeliveriesAsync(null, CancellationToken.None);
            if (condition(all))
            {
                return all;
            }
        }

        throw new TimeoutException($"{what} did not happen within 60 s: " + string.Join("; ", all.Select(d => $"#{d.Sequence} {d.PartnerId} {d.Status} {d.Attempts} {d.LastError}")));
    }
}
