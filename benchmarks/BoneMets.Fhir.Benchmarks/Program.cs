using System.Globalization;
using BoneMets.Fhir.Benchmarks;

// dotnet run -c Release --project benchmarks/BoneMets.Fhir.Benchmarks -- [--referrals 1000] [--latency 20] [--workers 4] [--in-flight 16]
//   [--backlog 1000,10000] [--message references|full] [--profile N]
// dotnet run -c Release --project benchmarks/BoneMets.Fhir.Benchmarks -- --feed [--referrals 200] [--lost 100] [--latency 20]
// dotnet run -c Release --project benchmarks/BoneMets.Fhir.Benchmarks -- --recovery [--heartbeats 5,10] [--referrals 200] [--interval 200] [--outage 10] [--server-down] [--latency 20]
// dotnet run -c Release --project benchmarks/BoneMets.Fhir.Benchmarks -- --intake [--messages 200] [--stages-only] [--service path/to/bonemets.dll] [--baseline path/to/before/bonemets.dll [--baseline-partners Gather:Partners]]
// dotnet run -c Release --project benchmarks/BoneMets.Fhir.Benchmarks -- --hostile [--rounds 10] [--service path/to/bonemets.dll]
// dotnet run -c Release --project benchmarks/BoneMets.Fhir.Benchmarks -- --instances [--counts 1,2,4] [--referrals 200] [--latency 20] [--postgres CONNECTION] [--service path/to/bonemets.dll]
// dotnet run -c Release --project benchmarks/BoneMets.Fhir.Benchmarks -- --validators --baseline path/to/before/BoneMets.Fhir.dll [--rounds 20]
var options = args.Select((a, i) => (a, i)).Where(x => x.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(x => x.a[2..], x => x.i + 1 < args.Length ? args[x.i + 1] : "", StringComparer.Ordinal);
int Int(string name, int fallback) => options.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

string Root()
{
    var root = AppContext.BaseDirectory;
    while (!File.Exists(Path.Combine(root, "BoneMets.Fhir.sln")))
    {
        root = Path.GetDirectoryName(root.TrimEnd(Path.DirectorySeparatorChar)) ?? throw new InvalidOperationException("run from inside the repository");
    }

    return root;
}

if (options.ContainsKey("validators"))
{
    // Issue 15: Firely's validator against the own one (the library built at the commit before the swap), in one run.
    ValidatorComparison.Run(Root(), options.TryGetValue("baseline", out var old) && old.Length > 0 ? old : throw new ArgumentException("--baseline path/to/before/BoneMets.Fhir.dll"), Int("rounds", 20));
    return;
}

if (options.ContainsKey("hostile") || options.ContainsKey("intake"))
{
    // Issue 14: the built service in its own process under hostile bodies (build it first: dotnet build -c Release src/BoneMets.Fhir.Service).
    var root = Root();
    var dll = options.TryGetValue("service", out var s) ? s : Path.Combine(root, "src/BoneMets.Fhir.Service/bin/Release/net10.0/bonemets.dll");
    if (options.ContainsKey("intake"))
    {
        // Issue 17: acknowledgement latency through the built service, full and references-only messages, then the in-process stage profile.
        // --baseline path/to/other/bonemets.dll: that build first, then this one, the same workload in one run, and the ratios.
        // --baseline-partners Gather:Partners: a baseline from before ADR 0022 reads its partners there.
        var beforePartners = options.TryGetValue("baseline-partners", out var section) ? section : "Partners";
        IReadOnlyList<(string, string, string)> builds = options.TryGetValue("baseline", out var before)
            ? [("before", before, beforePartners), ("after", dll, "Partners")]
            : [("this build", dll, "Partners")];
        if (!options.ContainsKey("stages-only"))
        {
            await IntakeLoad.CompareAsync(builds, Int("messages", 200), CancellationToken.None);
        }

        await IntakeStages.RunAsync(Int("messages", 200), CancellationToken.None);
        return;
    }

    await HostileLoad.RunAsync(dll, Int("rounds", 10), CancellationToken.None);
    return;
}

var referrals = Int("referrals", 1000);
var latency = Int("latency", 20);
var workers = Int("workers", 4);
var inFlight = Int("in-flight", 4 * workers);
var backlogs = options.TryGetValue("backlog", out var b) ? b.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray() : [];

var referencesOnly = !options.TryGetValue("message", out var kind) || kind != "full";

var template = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "thin-referral.json"));
var thin = BoneMets.Fhir.Intake.ReferralMessageReader.Read(BoneMets.Fhir.Fhir.FhirJson.ParseResource(template)).Message!;
await using var stub = new StubPartner(thin, TimeSpan.FromMilliseconds(latency));
await stub.StartAsync();
if (options.ContainsKey("feed"))
{
    // Issue 7: notification (or the next poll) → write-back, with the service's real hosted workers.
    Console.WriteLine($"feed: stub latency {latency} ms, {Environment.ProcessorCount} cores");
    Console.WriteLine("| path | referrals | p50 ms | p99 ms | max ms |");
    Console.WriteLine("|---|---|---|---|---|");
    await new FeedLatency(stub, template).RunAsync(Int("referrals", 200), Int("lost", 100), CancellationToken.None);
    return;
}

if (options.ContainsKey("recovery"))
{
    // Issue 20: dropped and outage-lost notifications → write-back, p95 against the heartbeat period.
    Console.WriteLine($"recovery: stub latency {latency} ms, {Environment.ProcessorCount} cores");
    Console.WriteLine("| heartbeat | referrals | n | p50 s | p95 s | max s |");
    Console.WriteLine("|---|---|---|---|---|---|");
    var periods = options.TryGetValue("heartbeats", out var h) ? h.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray() : [5, 10];
    foreach (var seconds in periods)
    {
        await new RecoveryLatency(stub, template).RunAsync(
        TimeSpan.FromSeconds(seconds), Int("referrals", 200), TimeSpan.FromMilliseconds(Int("interval", 200)), TimeSpan.FromSeconds(Int("outage", 10)), options.ContainsKey("server-down"), CancellationToken.None);
    }

    return;
}

if (options.ContainsKey("instances"))
{
    // Issue 12: the built service as 1, 2 and 4 processes on one PostgreSQL database, and one on SQLite (build it first:
    // dotnet build -c Release src/BoneMets.Fhir.Service). The server: --postgres, else BONEMETS_TEST_POSTGRES (.ci/postgres.sh start).
    var postgres = options.TryGetValue("postgres", out var pg) && pg.Length > 0 ? pg
        : Environment.GetEnvironmentVariable("BONEMETS_TEST_POSTGRES") ?? throw new ArgumentException("--postgres CONNECTION or BONEMETS_TEST_POSTGRES");
    var service = options.TryGetValue("service", out var sd) ? sd : Path.Combine(Root(), "src/BoneMets.Fhir.Service/bin/Release/net10.0/bonemets.dll");
    var counts = options.TryGetValue("counts", out var c) ? c.Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray() : [1, 2, 4];
    await InstancesLoad.RunAsync(service, postgres, stub, latency, new LoadDriver(stub, template, workers, inFlight, referencesOnly: false), counts, Int("referrals", 200), CancellationToken.None);
    return;
}

var driver = new LoadDriver(stub, template, workers, inFlight, referencesOnly);
if (options.ContainsKey("profile"))
{
    await StageProfile.RunAsync(driver, Int("profile", 200), CancellationToken.None);
    return;
}

Console.WriteLine($"{referrals} referrals ({(referencesOnly ? "references only" : "sample 08 in the message")}), stub latency {latency} ms, {workers} worker loops, {inFlight} in flight, {Environment.ProcessorCount} cores");
Console.WriteLine("| strategy | referrals | referrals/s | p50 ms | p99 ms | round trips/referral | peak working set MB | peak managed heap MB |");
Console.WriteLine("|---|---|---|---|---|---|---|---|");
await driver.RunAsync("batch", Math.Min(referrals, 50), 0, CancellationToken.None); // warm-up: JIT, parser, capability cache per run
var results = new List<RunResult>();
foreach (var strategy in new[] { "batch", "naive", "message only" })
{
    var result = await driver.RunAsync(strategy, referrals, 0, CancellationToken.None);
    results.Add(result);
    Print(result);
}

var stage = new List<RunResult>();
foreach (var strategy in new[] { "batch", "naive" })
{
    var result = await driver.GatherOnlyAsync(strategy, referrals, inFlight, CancellationToken.None);
    stage.Add(result);
    Print(result);
}

Console.WriteLine($"end to end, batch/naive: {results[0].PerSecond / results[1].PerSecond:F1}x; gather stage, batch/naive: {stage[0].PerSecond / stage[1].PerSecond:F1}x");
foreach (var backlog in backlogs)
{
    Print(await driver.RunAsync("batch", Math.Min(referrals, backlog), backlog, CancellationToken.None) with { Strategy = $"batch, backlog {backlog}" });
}

static void Print(RunResult r) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"| {r.Strategy} | {r.Referrals} | {r.PerSecond:F1} | {r.P50Ms:F0} | {r.P99Ms:F0} | {r.RoundTrips:F2} | {r.PeakWorkingSetMb} | {r.PeakHeapMb} |"));
