using BoneMets.Fhir.Store;
using Microsoft.Extensions.DependencyInjection;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.WriteBack;

/// <summary>The service with one partner, "westbrook", whose FHIR server is the fake; every referral goes to it.</summary>
internal static class WriteBackHost
{
    public const string Partner = "westbrook";

    /// <summary>Where partners reach the service: write-back refuses to start on the loopback default.</summary>
    public const string PublicBaseUrl = "https://bonemets.example.org/fhir";

    public static BoneMetsHost Start(FakePartnerServer fake, string? dataDirectory = null, bool worker = true, int deliveryLoops = 2,
        IReadOnlyDictionary<string, string>? extra = null, Action<IServiceCollection>? configure = null) =>
        new(dataDirectory, worker, configure, Settings(fake, deliveryLoops, extra));

    /// <summary>The settings of a host that writes back to <paramref name="fake"/> (the default partner), with <paramref name="extra"/> on top.</summary>
    public static Dictionary<string, string> Settings(FakePartnerServer fake, int deliveryLoops = 2, IReadOnlyDictionary<string, string>? extra = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["Gather:DefaultPartner"] = Partner,
            ["Program:PublicBaseUrl"] = PublicBaseUrl,
            [$"Partners:{Partner}:BaseUrl"] = fake.BaseUrl,
            [$"Partners:{Partner}:WriteBack:Enabled"] = "true",
            [$"Partners:{Partner}:WriteBack:RetryBaseDelay"] = "00:00:00.100",
            [$"Partners:{Partner}:WriteBack:RetryMaxDelay"] = "00:00:02",
            [$"Partners:{Partner}:Limits:RetryBaseDelay"] = "00:00:00.050",
            [$"Partners:{Partner}:Limits:AttemptTimeout"] = "00:00:01",
            [$"Partners:{Partner}:Limits:TotalTimeout"] = "00:00:05",
            [$"Partners:{Partner}:Limits:CircuitMinimumThroughput"] = "1000",
            ["Worker:DeliveryConcurrency"] = deliveryLoops.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>Waits (bounded: 30 s) until the outbox holds at least <paramref name="atLeast"/> deliveries and none is pending or in flight.</summary>
    public static async Task<IReadOnlyList<Delivery>> SettledAsync(BoneMetsHost host, int atLeast = 1)
    {
        var outbox = host.Services.GetRequiredService<IDeliveryOutbox>();
        IReadOnlyList<Delivery> last = [];
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(50))
        {
            var all = last = await outbox.ListDeliveriesAsync(null, CancellationToken.None);
            if (all.Count >= atLeast && all.All(d => d.Status is not (DeliveryStatus.Pending or DeliveryStatus.Processing)))
            {
                return all;
            }
        }

        throw new TimeoutException("The outbox did not settle within 30 s: " + string.Join("; ", last.Select(d => $"#{d.Sequence} {d.Channel} {d.Status} {d.Attempts} {d.LastError}")));
    }

    /// <summary>Waits (bounded: 30 s) for a condition on the stub.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(20))
        {
            if (condition())
            {
                return;
            }
        }

        throw new TimeoutException($"{what} did not happen within 30 s.");
    }

    /// <summary>Exactly one of each write-back resource for one referral, and no business identifier held twice.</summary>
    public static void AssertExactlyOnce(FakePartnerServer fake)
    {
        Assert.Empty(fake.Duplicates());
        Assert.Equal(1, fake.Count("Task"));
        Assert.Equal(1, fake.Count("Appointment"));
        Assert.Equal(1, fake.Count("Provenance"));
        Assert.InRange(fake.Count("CommunicationRequest"), 2, 20);
    }
}
