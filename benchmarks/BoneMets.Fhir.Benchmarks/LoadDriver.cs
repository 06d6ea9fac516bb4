using System.Collections.Concurrent;
using System.Diagnostics;
using BoneMets.Fhir.Case;
using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Pipeline;
using BoneMets.Fhir.Store;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BoneMets.Fhir.Benchmarks;

public sealed record RunResult(string Strategy, int Referrals, double PerSecond, double P50Ms, double P99Ms, double RoundTrips, long PeakWorkingSetMb, long PeakHeapMb);

/// <summary>
/// Posts referrals through intake (the $process-message path, minus HTTP) and runs worker loops over the inbox,
/// as the service does, with a bounded number in flight; times each from post to the commit of its write-back.
/// </summary>
/// <remarks>
/// The thin referral is references-only by default (a MessageHeader pointing at ServiceRequest/bench-N on the stub:
/// fetched, then gathered); <c>referencesOnly: false</c> posts sample 08 itself (the referral in the message).
/// </remarks>
public sealed class LoadDriver(StubPartner stub, string template, int workers, int inFlight, bool referencesOnly = true)
{
    public const string TemplateBundleId = "d0f96445-0128-47e9-a5c5-f62c2a1e29d0";
    public const string TemplateHeaderId = "2f21727e-58b7-4b54-aed4-5e8a9fe22a4d";

    public async Task<RunResult> RunAsync(string strategy, int referrals, int backlog, CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("bonemets-bench-");
        try
        {
            stub.DeclareIncludes = strategy != "naive";
            await using var provider = Compose(strategy, data.FullName);
            foreach (var hosted in provider.GetServices<IHostedService>())
            {
                await hosted.StartAsync(cancellationToken);
            }

            var intake = provider.GetRequiredService<IntakeService>();
            var processor = provider.GetRequiredService<ReferralProcessor>();
            var clock = Stopwatch.StartNew();
            var posted = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);

            // A backlog waiting before the run: memory must not grow with it.
            for (var i = 0; i < backlog; i++)
            {
                await PostAsync(intake, referrals + i, posted, clock, cancellationToken);
            }

            using var memory = new MemoryWatch();
            stub.ResetCount();
            var latencies = new ConcurrentBag<double>();
            using var slots = new SemaphoreSlim(backlog > 0 ? int.MaxValue / 2 : inFlight);
            var done = 0;
            string? failure = null;
            var total = backlog > 0 ? Math.Min(referrals, backlog) : referrals;
            clock.Restart();
            posted.Clear(); // backlog items are timed from the start of the run
            var producer = backlog > 0 ? Task.CompletedTask : Task.Run(async () =>
            {
                for (var i = 0; i < referrals; i++)
                {
                    await slots.WaitAsync(cancellationToken);
                    await PostAsync(intake, i, posted, clock, cancellationToken);
                }
            }, cancellationToken);

            var loops = Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
            {
                while (Volatile.Read(ref done) < total)
                {
                    var processed = await processor.ProcessNextAsync(cancellationToken);
                    if (processed is null)
                    {
                        await Task.Delay(2, cancellationToken);
                        continue;
                    }

                    if (processed.Status != InboxStatus.Done)
                    {
                        // Stop the run rather than wait for a referral that will not come.
                        var why = (await provider.GetRequiredService<IReferralInbox>().ListAsync(processed.Status, cancellationToken))
                            .FirstOrDefault(i => i.Sequence == processed.Item.Sequence)?.LastError;
                        Volatile.Write(ref failure, $"Referral {processed.Item.Sequence} was not processed: {processed.Status}: {why}");
                        Interlocked.Exchange(ref done, total);
                        break;
                    }

                    var start = posted.TryGetValue(processed.Item.BundleId, out var at) ? at : 0;
                    latencies.Add((clock.ElapsedTicks - start) * 1000.0 / Stopwatch.Frequency);
                    Interlocked.Increment(ref done);
                    slots.Release();
                }
            }, cancellationToken)).ToList();

            await Task.WhenAll(loops);
            if (Volatile.Read(ref failure) is { } failed)
            {
                throw new InvalidOperationException(failed);
            }

            await producer;
            var elapsed = clock.Elapsed.TotalSeconds;
            var sorted = latencies.Order().ToArray();
            return new RunResult(strategy, total, total / elapsed, Percentile(sorted, 0.50), Percentile(sorted, 0.99),
                (double)stub.Requests / total, memory.PeakWorkingSet / (1024 * 1024), memory.PeakHeap / (1024 * 1024));
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    /// <summary>Referral <paramref name="i"/>'s message: a pointer to ServiceRequest/bench-i, or sample 08 with fresh ids and placer number.</summary>
    public string Body(int i) => referencesOnly
        ? Fhir.FhirJson.Serialize(ReferralPointers.Message($"{stub.BaseUrl}/ServiceRequest/{StubPartner.ReferralPrefix}{i}", null, DateTimeOffset.UtcNow,
            "https://interface.westbrook.example.org/fhir"))
        : template.Replace(TemplateBundleId, Guid.NewGuid().ToString(), StringComparison.Ordinal)
            .Replace(TemplateHeaderId, Guid.NewGuid().ToString(), StringComparison.Ordinal)
            .Replace("WCH-R-2317", $"WCH-R-{i}", StringComparison.Ordinal);

    private async Task PostAsync(IntakeService intake, int i, ConcurrentDictionary<string, long> posted, Stopwatch clock, CancellationToken cancellationToken)
    {
        var body = Body(i);
        var bundleId = ((Hl7.Fhir.Model.Bundle)Fhir.FhirJson.ParseResource(body)).Id!;
        posted[bundleId] = clock.ElapsedTicks;
        var response = await intake.ReceiveAsync(new IntakeRequest(body, null, null, "http://localhost:5080/fhir"), cancellationToken);
        if (response.Status != 200)
        {
            throw new InvalidOperationException($"Intake answered {response.Status}.");
        }
    }

    public ServiceProvider Compose(string strategy, string dataDirectory)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Store:DataDirectory"] = dataDirectory,
            ["Worker:Enabled"] = "false",
            ["Partners:stub:BaseUrl"] = stub.BaseUrl,
            ["Partners:stub:SenderIdentifier"] = "http://hospital.example.org/organization|WCH",
            ["Partners:stub:Limits:MaxConcurrency"] = "64",
            ["Partners:stub:Limits:RequestsPerSecond"] = "10000",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        if (strategy == "naive")
        {
            NaiveContextSource.Use(services);
        }
        else if (strategy == "message only")
        {
            services.AddSingleton<IClinicalContextSource, MessageContextSource>(); // the pipeline's ceiling: nothing fetched
        }

        services.AddBoneMetsPipeline(configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>The gather stage alone: <paramref name="referrals"/> gathers, <paramref name="concurrency"/> at a time.</summary>
    public async Task<RunResult> GatherOnlyAsync(string strategy, int referrals, int concurrency, CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("bonemets-bench-");
        try
        {
            stub.DeclareIncludes = strategy != "naive";
            await using var provider = Compose(strategy, data.FullName);
            var source = provider.GetRequiredService<IClinicalContextSource>();
            var fetch = provider.GetRequiredService<Gather.PartnerReferrals>();

            // References-only: the stage is fetching the referral and gathering its context; otherwise gathering alone.
            async Task GatherAsync(int i, CancellationToken ct)
            {
                var read = ReferralMessageReader.Read(Fhir.FhirJson.ParseResource(Body(i)));
                var message = read.ReferencesOnly is { } pointer ? (await fetch.FetchAsync(pointer, ct)).Message : read.Message!;
                await source.GatherAsync(message, ct);
            }

            await GatherAsync(-1, cancellationToken); // the capability statement, once per partner
            using var memory = new MemoryWatch();
            stub.ResetCount();
            var latencies = new ConcurrentBag<double>();
            var clock = Stopwatch.StartNew();
            await Parallel.ForAsync(0, referrals, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (i, ct) =>
            {
                var start = clock.ElapsedTicks;
                await GatherAsync(i, ct);
                latencies.Add((clock.ElapsedTicks - start) * 1000.0 / Stopwatch.Frequency);
            });
            var sorted = latencies.Order().ToArray();
            return new RunResult(strategy + " (gather stage)", referrals, referrals / clock.Elapsed.TotalSeconds, Percentile(sorted, 0.5), Percentile(sorted, 0.99),
                (double)stub.Requests / referrals, memory.PeakWorkingSet / (1024 * 1024), memory.PeakHeap / (1024 * 1024));
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    /// <summary>Samples the process's working set and managed heap every 50 ms; keeps the peaks.</summary>
    private sealed class MemoryWatch : IDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private readonly Task loop;

        public MemoryWatch()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            loop = Task.Run(async () =>
            {
                using var process = Process.GetCurrentProcess();
                while (!stop.IsCancellationRequested)
                {
                    process.Refresh();
                    PeakWorkingSet = Math.Max(PeakWorkingSet, process.WorkingSet64);
                    PeakHeap = Math.Max(PeakHeap, GC.GetTotalMemory(false));
                    await Task.Delay(50).ConfigureAwait(false);
                }
            });
        }

        public long PeakWorkingSet { get; private set; }

        public long PeakHeap { get; private set; }

        public void Dispose()
        {
            stop.Cancel();
            loop.Wait();
            stop.Dispose();
        }
    }
}
