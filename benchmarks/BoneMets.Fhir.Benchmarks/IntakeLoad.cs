using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace BoneMets.Fhir.Benchmarks;

/// <summary>
/// Issue 17: acknowledgement latency through the real service (Release build, its own process, real Kestrel on
/// loopback, the production middleware), with full messages (sample 01, each a new referral) and references-only ones
/// (sample 11's kind, focus on a configured partner): one sender, eight senders at once, resends of accepted messages;
/// the service's peak RSS, and this machine's fsync latency (4 KB write + fsync) measured in the same run.
/// The worker is off (<c>Worker:Enabled=false</c>): the acknowledgement alone is measured.
/// </summary>
internal static class IntakeLoad
{
    private const string Url = "http://127.0.0.1:5392";
    private const string PartnerBase = "http://127.0.0.1:9/fhir"; // configured, never fetched: the worker is off

    /// <summary>The sender's own resources in sample 01 (PractitionerRole, Practitioner, Organization): the same in every message it sends.</summary>
    internal static readonly string[] SenderResources =
        ["0533edf0-8d35-4816-a4b0-903d9fc7adb8", "442bd2fb-cab2-4b62-81af-0ec577ddf1cf", "6e36fd75-ce9c-4492-a5de-87f2c3dfc6a9"];

    /// <summary>Each service in turn (e.g. the branch point's build, then this one), the same workload, in one run; then after/before ratios.</summary>
    public static async Task CompareAsync(IReadOnlyList<(string Name, string Dll, string PartnerSection)> services, int messages, CancellationToken cancellationToken)
    {
        var results = new List<Dictionary<string, Run>>();
        foreach (var (name, dll, partnerSection) in services)
        {
            Console.WriteLine($"### {name}: {dll}");
            results.Add(await RunAsync(dll, messages, partnerSection, cancellationToken));
        }

        if (results.Count < 2)
        {
            return;
        }

        Console.WriteLine($"| row | p50 {services[0].Name} / {services[^1].Name} | acks/s {services[^1].Name} / {services[0].Name} |");
        Console.WriteLine("|---|---|---|");
        foreach (var (row, before) in results[0])
        {
            var after = results[^1][row];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row} | {P(before.Latencies, 0.5) / P(after.Latencies, 0.5):F1}x | {after.Latencies.Count / after.Seconds / (before.Latencies.Count / before.Seconds):F1}x |"));
        }
    }

    /// <param name="partnerSection">Where the build reads its partners: <c>Partners</c>, or <c>Gather:Partners</c> before ADR 0022.</param>
    public static async Task<Dictionary<string, Run>> RunAsync(string serviceDll, int messages, string partnerSection, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<string, Run>(StringComparer.Ordinal);
        await using (var service = await ServiceProcess.StartAsync(serviceDll, Url, new Dictionary<string, string>
        {
            ["Worker:Enabled"] = "false", [$"{partnerSection}:bench:BaseUrl"] = PartnerBase,
        }, cancellationToken))
        {
            var client = service.Client;
            var full = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "full-referral.json"));
            var thin = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "references-only.json"))
                .Replace("https://ehr.westbrook.example.org/fhir", PartnerBase, StringComparison.Ordinal);
            Console.WriteLine($"intake load: {messages} messages a row, {Environment.ProcessorCount} cores, load average {HostileLoad.LoadAverage()}, idle RSS {service.Memory().RssMb} MB");
            var fsync = Fsync(service.DataDirectory, 200);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fsync of 4 KB (200 writes): p50 {P(fsync, 0.5):F2} ms, p99 {P(fsync, 0.99):F2} ms"));
            Console.WriteLine("| message | row | n | acks/s | p50 ms | p99 ms |");
            Console.WriteLine("|---|---|---|---|---|---|");
            var serial = 0;
            foreach (var (kind, template, keep) in new[] { ("full (sample 01)", full, SenderResources), ("references only", thin, []) })
            {
                string Next() => NewReferral(template, Interlocked.Increment(ref serial), keep);
                void Row(string row, Run run)
                {
                    rows[$"{kind}, {row}"] = run;
                    IntakeLoad.Row(kind, row, run);
                }

                await SendersAsync(client, 1, 20, Next, cancellationToken); // warm-up: JIT, validator, statements
                var one = await SendersAsync(client, 1, messages, Next, cancellationToken);
                Row("one sender, new referral", one);
                var sent = one.Bodies;
                var resend = await SendersAsync(client, 1, sent.Count, new Queue<string>(sent).Dequeue, cancellationToken);
                Row("resend of an accepted message", resend);
                var eight = await SendersAsync(client, 8, messages, Next, cancellationToken);
                Row("eight senders, new referrals", eight);
            }

            var memory = service.Memory();
            Console.WriteLine($"service RSS now {memory.RssMb} MB, peak (VmHWM) {memory.PeakMb} MB; load average {HostileLoad.LoadAverage()}");
        }

        rows["full (sample 01), processed end to end"] = await EndToEndAsync(serviceDll, messages, cancellationToken);
        return rows;
    }

    /// <summary>
    /// Referrals processed end to end: the worker on (its default loops), no partner configured (nothing gathered or
    /// delivered), <paramref name="messages"/> full messages posted by eight senders; timed from the first post to the
    /// last referral's Task readable (written by the worker's commit), polling each Task the acknowledgement named.
    /// </summary>
    private static async Task<Run> EndToEndAsync(string serviceDll, int messages, CancellationToken cancellationToken)
    {
        await using var service = await ServiceProcess.StartAsync(serviceDll, Url, new Dictionary<string, string>(), cancellationToken);
        var full = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "full-referral.json"));
        var serial = 0;
        string Next() => NewReferral(full, Interlocked.Increment(ref serial), SenderResources);
        await SendersAsync(service.Client, 1, 10, Next, cancellationToken); // warm-up
        await WaitForTasksAsync(service.Client, [], cancellationToken);
        var clock = Stopwatch.StartNew();
        var posted = await SendersAsync(service.Client, 8, messages, Next, cancellationToken);
        var acked = clock.Elapsed.TotalSeconds;
        var done = await WaitForTasksAsync(service.Client, posted.Tasks, cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        var latencies = done.Select(t => (acked * 1000) + t.TotalMilliseconds).ToList(); // from the first post
        var memory = service.Memory();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"end to end (full, worker on, no partner): {messages} referrals acknowledged in {acked:F1} s, all Tasks written after {seconds:F1} s: {messages / seconds:F1} referrals/s; service peak RSS {memory.PeakMb} MB; load average {HostileLoad.LoadAverage()}"));
        return new Run(latencies, seconds, posted.Bodies, posted.Tasks);
    }

    /// <summary>Reads each Task until it is there; when each first answered 200 (since the call).</summary>
    private static async Task<List<TimeSpan>> WaitForTasksAsync(HttpClient client, IReadOnlyList<string> tasks, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var found = new List<TimeSpan>();
        foreach (var task in tasks)
        {
            while (true)
            {
                using var read = await client.GetAsync(new Uri($"/fhir/Task/{task}", UriKind.Relative), cancellationToken);
                if (read.IsSuccessStatusCode)
                {
                    found.Add(clock.Elapsed);
                    break;
                }

                if (clock.Elapsed > TimeSpan.FromMinutes(5))
                {
                    throw new TimeoutException($"Task/{task} was not written within 5 minutes (last answer {(int)read.StatusCode})");
                }

                await Task.Delay(20, cancellationToken);
            }
        }

        return found;
    }

    internal sealed record Run(List<double> Latencies, double Seconds, List<string> Bodies, List<string> Tasks);

    private static void Row(string kind, string row, Run run) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {kind} | {row} | {run.Latencies.Count} | {run.Latencies.Count / run.Seconds:F1} | {P(run.Latencies, 0.5):F1} | {P(run.Latencies, 0.99):F1} |"));

    /// <summary><paramref name="senders"/> loops posting <paramref name="total"/> messages between them, each waiting for its answer.</summary>
    private static async Task<Run> SendersAsync(HttpClient client, int senders, int total, Func<string> next, CancellationToken cancellationToken)
    {
        var latencies = new List<double>();
        var bodies = new List<string>();
        var tasks = new List<string>();
        var left = total;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, senders).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Decrement(ref left) >= 0)
            {
                string body;
                lock (bodies)
                {
                    body = next();
                    bodies.Add(body);
                }

                var (ms, task) = await PostAsync(client, body, cancellationToken);
                lock (latencies)
                {
                    latencies.Add(ms);
                    tasks.Add(task);
                }
            }
        }, cancellationToken)));
        return new Run(latencies, clock.Elapsed.TotalSeconds, bodies, tasks);
    }

    /// <summary>The acknowledgement's latency and the Task it names ("Its Task is Task/{id} (…)"; empty for a references-only one).</summary>
    private static async Task<(double Ms, string Task)> PostAsync(HttpClient client, string body, CancellationToken cancellationToken)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/fhir+json");
        var watch = Stopwatch.StartNew();
        using var response = await client.PostAsync(new Uri("/fhir/$process-message", UriKind.Relative), content, cancellationToken);
        var answer = await response.Content.ReadAsStringAsync(cancellationToken);
        var ms = watch.Elapsed.TotalMilliseconds;
        return (int)response.StatusCode == 200
            ? (ms, System.Text.RegularExpressions.Regex.Match(answer, @"Its Task is Task/([A-Za-z0-9\-\.]+) ").Groups[1].Value)
            : throw new InvalidOperationException($"the message was answered {(int)response.StatusCode}: {answer}");
    }

    /// <summary>
    /// A new referral: every id in the template (Bundle, MessageHeader, entries) but <paramref name="keep"/> (the sender's
    /// own resources), and its placer numbers, made new.
    /// </summary>
    internal static string NewReferral(string template, int i, IReadOnlyCollection<string> keep)
    {
        var ids = System.Text.RegularExpressions.Regex.Matches(template, "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
            .Select(m => m.Value).Distinct(StringComparer.Ordinal).Except(keep, StringComparer.Ordinal);
        var body = new StringBuilder(template);
        foreach (var id in ids)
        {
            body.Replace(id, Guid.NewGuid().ToString());
        }

        return body.Replace("2025-04417", $"2025-B{i}").ToString();
    }

    /// <summary>Write 4 KB and fsync it, <paramref name="count"/> times, in the service's data directory: the disk's floor for a durable ack.</summary>
    internal static List<double> Fsync(string directory, int count)
    {
        var path = Path.Combine(directory, "fsync-probe.bin");
        var block = new byte[4096];
        var times = new List<double>();
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None))
        {
            for (var i = 0; i < count; i++)
            {
                var watch = Stopwatch.StartNew();
                file.Position = 0;
                file.Write(block);
                file.Flush(flushToDisk: true);
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        File.Delete(path);
        return times;
    }

    internal static double P(List<double> values, double q) => values.Order().ElementAt(Math.Min(values.Count - 1, (int)(values.Count * q)));
}
