using System.Diagnostics;
using System.Globalization;
using BoneMets.Fhir.Case;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Store;
using BoneMets.Fhir.Subscriptions;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Benchmarks;

/// <summary>
/// Issue 7: the time from a notification reaching the service (the endpoint's store-first step, minus HTTP) to the
/// referral's write-back committed locally, with the real hosted workers; and, for notifications that were lost,
/// from the start of the next poll. One referral at a time for the notification path (latency, not throughput);
/// a batch found by one poll for the poll path.
/// </summary>
public sealed class FeedLatency(StubPartner stub, string template)
{
    private const string Secret = "bench-secret-0123456789";

    public async Task RunAsync(int referrals, int lost, CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("bonemets-feed-");
        try
        {
            await using var provider = Compose(stub, data.FullName, Secret, TimeSpan.FromHours(1));
            var hosted = provider.GetServices<IHostedService>().ToList();
            foreach (var service in hosted)
            {
                await service.StartAsync(cancellationToken);
            }

            // The stub already holds the referral's patient, requester and reason (from the same template).
            var message = ReferralMessageReader.Read(FhirJson.ParseResource(template)).Message!;

            var intake = provider.GetRequiredService<NotificationIntake>();
            var resources = provider.GetRequiredService<IResourceStore>();
            var clock = Stopwatch.StartNew();

            // Notification path: warm-up (JIT, capability statement), then one referral at a time.
            var notified = new List<double>();
            long notifiedRequests = 0;
            for (var i = -5; i < referrals; i++)
            {
                if (i == 0)
                {
                    notifiedRequests = stub.Requests;
                }

                var (referral, taskId) = Referral(message, $"n{i}");
                stub.Hold(referral);
                var start = clock.ElapsedTicks;
                var answer = await intake.ReceiveAsync("stub", Secret, FhirJson.Serialize(Notification(stub.BaseUrl, referral, i + 6)), cancellationToken);
                if (answer.Status != 204)
                {
                    throw new InvalidOperationException($"Notification answered {answer.Status}: {answer.Problem}");
                }

                await CommittedAsync(resources, taskId, cancellationToken);
                if (i >= 0)
                {
                    notified.Add((clock.ElapsedTicks - start) * 1000.0 / Stopwatch.Frequency);
                }
            }

            notifiedRequests = stub.Requests - notifiedRequests;

            // Poll path: notifications for `lost` referrals never came; the next poll finds them all.
            stub.ClearChanged();
            var tasks = new List<string>();
            for (var i = 0; i < lost; i++)
            {
                var (referral, taskId) = Referral(message, $"p{i}");
                stub.Hold(referral);
                tasks.Add(taskId);
            }

            var partner = provider.GetRequiredService<SubscriptionPartners>().Find("stub")!;
            var polledRequests = stub.Requests;
            var pollStart = clock.ElapsedTicks;
            var poll = provider.GetRequiredService<ReferralPoller>().PollAsync(partner, "benchmark", cancellationToken);
            var polled = new List<double>();
            var pending = new HashSet<string>(tasks, StringComparer.Ordinal);
            while (pending.Count > 0)
            {
                foreach (var taskId in pending.ToList())
                {
                    if (await resources.ReadAsync("Task", taskId, cancellationToken) is not null)
                    {
                        polled.Add((clock.ElapsedTicks - pollStart) * 1000.0 / Stopwatch.Frequency);
                        pending.Remove(taskId);
                    }
                }

                await Task.Delay(1, cancellationToken);
            }

            await poll;
            polledRequests = stub.Requests - polledRequests;
            foreach (var service in hosted)
            {
                await service.StopAsync(cancellationToken);
            }

            Print("notification → write-back", notified);
            Print($"lost, next poll → write-back ({lost} found by one poll)", polled);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"stub requests per referral: notified {(double)notifiedRequests / Math.Max(1, referrals):F2}, polled {(double)polledRequests / Math.Max(1, lost):F2} (the poll's search included)"));
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    private static void Print(string path, List<double> ms)
    {
        var sorted = ms.Order().ToArray();
        double P(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {path} | {sorted.Length} | {P(0.5):F0} | {P(0.99):F0} | {sorted[^1]:F0} |"));
    }

    private static async Task CommittedAsync(IResourceStore resources, string taskId, CancellationToken cancellationToken)
    {
        while (await resources.ReadAsync("Task", taskId, cancellationToken) is null)
        {
            await Task.Delay(1, cancellationToken);
        }
    }

    internal static (ServiceRequest Referral, string TaskId) Referral(ReferralMessage message, string suffix)
    {
        var referral = (ServiceRequest)MessageLocalizer.Localize(message).OfType<ServiceRequest>().Single().DeepCopy();
        referral.Performer = [new ResourceReference("Organization/bonemets")]; // addressed to the program (the partner's Filter)
        referral.Id = "sr-" + suffix;
        referral.Identifier[0].Value = "WCH-R-" + suffix;
        referral.Meta = new Meta { VersionId = "1", LastUpdated = DateTimeOffset.UtcNow };
        return (referral, DeterministicId.For(ReferralMessage.KeyOf(referral), "task"));
    }

    private static Bundle Notification(string baseUrl, ServiceRequest referral, long number) => Status(baseUrl, "event-notification", number, referral);

    /// <summary>A Backport id-only notification: an event-notification naming the referral's version 1, or a heartbeat (no referral).</summary>
    internal static Bundle Status(string baseUrl, string type, long number, ServiceRequest? referral)
    {
        var status = new Parameters();
        status.Add("subscription", new ResourceReference($"{baseUrl}/Subscription/bench"));
        status.Add("type", new Code(type));
        status.Add("events-since-subscription-start", new FhirString(number.ToString(CultureInfo.InvariantCulture)));
        if (referral is not null)
        {
            status.Parameter.Add(new Parameters.ParameterComponent
            {
                Name = "notification-event",
                Part =
                [
                    new Parameters.ParameterComponent { Name = "event-number", Value = new FhirString(number.ToString(CultureInfo.InvariantCulture)) },
                    new Parameters.ParameterComponent { Name = "focus", Value = new ResourceReference($"ServiceRequest/{referral.Id}/_history/1") },
                ],
            });
        }

        return new Bundle { Type = Bundle.BundleType.History, Entry = [new Bundle.EntryComponent { FullUrl = "urn:uuid:" + Guid.NewGuid(), Resource = status }] };
    }

    internal static ServiceProvider Compose(StubPartner stub, string dataDirectory, string secret, TimeSpan heartbeat)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Store:DataDirectory"] = dataDirectory,
            ["Partners:stub:BaseUrl"] = stub.BaseUrl,
            ["Partners:stub:Limits:MaxConcurrency"] = "64",
            ["Partners:stub:Limits:RequestsPerSecond"] = "10000",
            ["Partners:stub:Subscription:Mode"] = "backport",
            ["Partners:stub:Subscription:Topic"] = "http://example.org/SubscriptionTopic/referrals",
            ["Partners:stub:Subscription:Filter"] = "ServiceRequest?performer=Organization/bonemets",
            ["Partners:stub:Subscription:Secret"] = secret,
            ["Partners:stub:Subscription:NotificationUrl"] = "http://localhost:5080/notifications/stub",
            ["Partners:stub:Subscription:PollInterval"] = "01:00:00",
            ["Partners:stub:Subscription:CheckInterval"] = "01:00:00",
            ["Partners:stub:Subscription:HeartbeatPeriod"] = heartbeat.ToString("c", CultureInfo.InvariantCulture),
        }).Build();
        var services = new ServiceCollection().AddLogging(l => { if (Environment.GetEnvironmentVariable("BENCH_LOG") is not null) { l.AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff "); } });
        services.AddBoneMetsPipeline(configuration);
        return services.BuildServiceProvider();
    }
}
