using System.Diagnostics;
using System.Globalization;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Store;
using BoneMets.Fhir.Subscriptions;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Benchmarks;

/// <summary>
/// Issue 20: how long a referral whose notification never came takes to reach intake and its write-back, with the
/// real hosted workers and the same faults as the issue's run: 20% of notifications dropped and 20% duplicated, and
/// an outage of the delivery channel (nothing delivered, heartbeats included) at the end of the stream, after which
/// only heartbeats come. Dropped ones are timed from their event, outage ones from the end of the outage; the goal
/// is a p95 within one heartbeat period plus 5 s.
/// </summary>
public sealed class RecoveryLatency(StubPartner stub, string template)
{
    private const string Secret = "bench-secret-0123456789";

    public async Task RunAsync(TimeSpan heartbeat, int referrals, TimeSpan interval, TimeSpan outage, bool serverDown, CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("bonemets-recovery-");
        try
        {
            await using var provider = FeedLatency.Compose(stub, data.FullName, Secret, heartbeat);
            var hosted = provider.GetServices<IHostedService>().ToList();
            foreach (var service in hosted)
            {
                await service.StartAsync(cancellationToken);
            }

            stub.ClearChanged();
            var message = ReferralMessageReader.Read(FhirJson.ParseResource(template)).Message!;
            var intake = provider.GetRequiredService<NotificationIntake>();
            var resources = provider.GetRequiredService<IResourceStore>();
            var clock = Stopwatch.StartNew();
            var random = new Random(20);
            long events = 0;
            var delivering = true;
            var made = new List<(string TaskId, string Kind, double At)>();
            var committed = new System.Collections.Concurrent.ConcurrentDictionary<string, double>(StringComparer.Ordinal);
            using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

            // Watches, from the start, for each referral's Task to be readable (its write-back committed).
            var watcher = Task.Run(async () =>
            {
                while (!stopWatching.IsCancellationRequested)
                {
                    List<string> pending;
                    lock (made)
                    {
                        pending = [.. made.Where(m => !committed.ContainsKey(m.TaskId)).Select(m => m.TaskId)];
                    }

                    foreach (var taskId in pending)
                    {
                        if (await resources.ReadAsync("Task", taskId, CancellationToken.None) is not null)
                        {
                            committed[taskId] = clock.Elapsed.TotalMilliseconds;
                        }
                    }

                    await Task.Delay(5, CancellationToken.None);
                }
            }, CancellationToken.None);

            async Task SendAsync(Bundle notification)
            {
                var answer = await intake.ReceiveAsync("stub", Secret, FhirJson.Serialize(notification), cancellationToken);
                if (answer.Status != 204)
                {
                    throw new InvalidOperationException($"Notification answered {answer.Status}: {answer.Problem}");
                }
            }

            // Warm-up (JIT, the capability statement): five referrals notified and committed before the clock matters.
            for (var i = 0; i < 5; i++)
            {
                var (referral, taskId) = FeedLatency.Referral(message, $"w{i}");
                stub.Hold(referral);
                await SendAsync(FeedLatency.Status(stub.BaseUrl, "event-notification", Interlocked.Increment(ref events), referral));
                while (await resources.ReadAsync("Task", taskId, cancellationToken) is null)
                {
                    await Task.Delay(5, cancellationToken);
                }
            }

            // The partner's heartbeat: every period, the count of events so far (none during the outage).
            using var stopHeartbeats = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var heartbeats = Task.Run(async () =>
            {
                using var timer = new PeriodicTimer(heartbeat);
                while (await timer.WaitForNextTickAsync(stopHeartbeats.Token))
                {
                    if (Volatile.Read(ref delivering))
                    {
                        await SendAsync(FeedLatency.Status(stub.BaseUrl, "heartbeat", Interlocked.Read(ref events), null));
                    }
                }
            }, CancellationToken.None);

            // The stream: one referral every interval; 20% of notifications dropped, 20% sent twice.
            for (var i = 0; i < referrals; i++)
            {
                var (referral, taskId) = FeedLatency.Referral(message, $"r{i}");
                stub.Hold(referral);
                var number = Interlocked.Increment(ref events);
                var fate = Environment.GetEnvironmentVariable("BENCH_NOFAULTS") is null ? random.Next(100) : 50;
                lock (made)
                {
                    made.Add((taskId, fate < 20 ? "dropped" : "delivered", clock.Elapsed.TotalMilliseconds));
                }

                for (var copies = fate < 20 ? 0 : fate < 40 ? 2 : 1; copies > 0; copies--)
                {
                    await SendAsync(FeedLatency.Status(stub.BaseUrl, "event-notification", number, referral));
                }

                await Task.Delay(interval, cancellationToken);
            }

            // The outage: the server keeps making events, nothing reaches the service.
            Volatile.Write(ref delivering, false);
            stub.Down = serverDown; // the partner's whole server, not only its notifications
            var outageStart = clock.Elapsed;
            for (var i = 0; clock.Elapsed - outageStart < outage; i++)
            {
                var (referral, taskId) = FeedLatency.Referral(message, $"o{i}");
                stub.Hold(referral);
                Interlocked.Increment(ref events);
                lock (made)
                {
                    made.Add((taskId, "outage", clock.Elapsed.TotalMilliseconds));
                }

                await Task.Delay(interval, cancellationToken);
            }

            var outageEnd = clock.Elapsed.TotalMilliseconds;
            stub.Down = false;
            Volatile.Write(ref delivering, true);

            var limit = clock.Elapsed + heartbeat * 3 + TimeSpan.FromSeconds(60);
            while (committed.Count < made.Count && clock.Elapsed < limit)
            {
                await Task.Delay(20, cancellationToken);
            }

            await stopWatching.CancelAsync();
            await watcher;
            await stopHeartbeats.CancelAsync();
            await heartbeats.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            foreach (var service in hosted)
            {
                await service.StopAsync(cancellationToken);
            }

            var missing = made.Count(m => !committed.ContainsKey(m.TaskId));
            List<double> Times(string kind, Func<double, double, double> since) =>
                [.. made.Where(m => m.Kind == kind && committed.ContainsKey(m.TaskId)).Select(m => since(committed[m.TaskId], m.At))];
            Print(heartbeat, "delivered (from the event)", Times("delivered", (done, at) => done - at));
            Print(heartbeat, "dropped (from the event)", Times("dropped", (done, at) => done - at));
            Print(heartbeat, "lost in the outage (from the event)", Times("outage", (done, at) => done - at));
            Print(heartbeat, "lost in the outage (from its end; 0 = found during it)", Times("outage", (done, _) => Math.Max(0, done - outageEnd)));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"heartbeat {heartbeat.TotalSeconds:F0} s: {made.Count} referrals, {missing} never reached write-back, outage {outage.TotalSeconds:F0} s{(serverDown ? " (server down)" : " (notifications only)")}, goal p95 ≤ {(heartbeat + TimeSpan.FromSeconds(5)).TotalSeconds:F0} s"));
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    private static void Print(TimeSpan heartbeat, string kind, List<double> ms)
    {
        if (ms.Count == 0)
        {
            Console.WriteLine($"| {heartbeat.TotalSeconds:F0} s | {kind} | 0 | | | |");
            return;
        }

        var sorted = ms.Order().ToArray();
        double P(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {heartbeat.TotalSeconds:F0} s | {kind} | {sorted.Length} | {P(0.5) / 1000:F1} | {P(0.95) / 1000:F1} | {sorted[^1] / 1000:F1} |"));
    }
}
