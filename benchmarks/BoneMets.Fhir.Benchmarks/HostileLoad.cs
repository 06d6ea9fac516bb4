using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace BoneMets.Fhir.Benchmarks;

/// <summary>
/// Issue 14: the real service (Release build, its own process, real Kestrel on loopback) under hostile bodies. Measures
/// its resident memory (VmRSS, and the peak VmHWM) idle, after a baseline of good messages, and after each round of
/// hostile bodies; and the time to refuse each kind next to the time to accept a good message, in the same run.
/// </summary>
internal static class HostileLoad
{
    public static async Task RunAsync(string serviceDll, int rounds, CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("bonemets-hostile-").FullName;
        const string url = "http://127.0.0.1:5391";
        using var service = Process.Start(new ProcessStartInfo("dotnet", [serviceDll, "serve", "--urls", url, "--data", data])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        })!;
        service.OutputDataReceived += (_, _) => { };
        service.ErrorDataReceived += (_, _) => { };
        service.BeginOutputReadLine();
        service.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
            await WaitReadyAsync(client, cancellationToken);
            var good = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "mscc-referral.json"));
            var bodies = Hostile(good);
            Console.WriteLine($"hostile load: {bodies.Count} kinds of body x {rounds} rounds, {Environment.ProcessorCount} cores, load average {LoadAverage()}");
            var idle = Memory(service.Id);

            var accept = new List<double>();
            for (var i = 0; i < 30; i++)
            {
                var (status, ms) = await PostAsync(client, Encoding.UTF8.GetBytes(NewIds(good, i)), chunked: false, cancellationToken);
                accept.Add(ms);
                if (status != 200)
                {
                    throw new InvalidOperationException($"the good message was answered {status}");
                }
            }

            var afterGood = Memory(service.Id);
            var times = bodies.ToDictionary(b => b.Name, _ => new List<double>());
            var statuses = bodies.ToDictionary(b => b.Name, _ => new HashSet<string>());
            var perRound = new List<long>();
            for (var round = 0; round < rounds; round++)
            {
                foreach (var (name, body, chunked) in bodies)
                {
                    var (status, ms) = await PostAsync(client, body, chunked, cancellationToken);
                    times[name].Add(ms);
                    statuses[name].Add(status.ToString(CultureInfo.InvariantCulture));
                }

                perRound.Add(Memory(service.Id).RssMb);
            }

            var slow = await SlowBodyAsync(5391, cancellationToken);
            var header = await GetStatusAsync(client, "/fhir/metadata", new string('h', 40 * 1024), cancellationToken);
            var line = await GetStatusAsync(client, "/fhir/Task?_id=" + new string('1', 10 * 1024), null, cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"slow body (1 byte/s after the headers): {slow.Outcome} after {slow.Seconds:F1} s; 40 KiB header: {header}; 10 KiB URL: {line}"));
            var after = await PostAsync(client, Encoding.UTF8.GetBytes(NewIds(good, 999)), chunked: false, cancellationToken);
            var end = Memory(service.Id);
            var baseline = Median(accept);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RSS MB: idle {idle.RssMb}, after 30 good messages {afterGood.RssMb}, after each hostile round [{string.Join(", ", perRound)}], peak (VmHWM) {end.PeakMb}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"good message accepted: median {baseline:F1} ms; a good message after the corpus: {after.Status} in {after.Ms:F1} ms"));
            Console.WriteLine("| body | bytes | answered | median ms | max ms | median / good accept |");
            Console.WriteLine("|---|---|---|---|---|---|");
            foreach (var (name, body, _) in bodies)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {body.Length:N0} | {string.Join("/", statuses[name])} | {Median(times[name]):F1} | {times[name].Max():F1} | {Median(times[name]) / baseline:F2} |"));
            }
        }
        finally
        {
            service.Kill(entireProcessTree: true);
            await service.WaitForExitAsync(cancellationToken);
            Directory.Delete(data, recursive: true);
        }
    }

    private static List<(string Name, byte[] Body, bool Chunked)> Hostile(string good)
    {
        static byte[] U(string s) => Encoding.UTF8.GetBytes(s);
        var at = good.IndexOf("\"type\": \"message\"", StringComparison.Ordinal);
        string Insert(string extra) => good[..at] + extra + good[at..];
        var eleven = U(Insert(new string(' ', 11 * 1024 * 1024)));
        return
        [
            ("50 MiB body (Content-Length)", U(Insert(new string(' ', 50 * 1024 * 1024))), false),
            ("11 MiB body (Content-Length)", eleven, false),
            ("11 MiB body (chunked)", eleven, true),
            ("9.9 MiB padded good message (largest accepted size)", U(Insert(new string(' ', (int)(9.9 * 1024 * 1024)))), false),
            ("1,000,000 empty entries", U("{\"resourceType\":\"Bundle\",\"type\":\"message\",\"entry\":[" + string.Join(",", Enumerable.Repeat("{}", 1_000_000)) + "]}"), false),
            ("5,000 extra entries", U(Insert("\"entry\": [" + string.Join(",", Enumerable.Repeat("{\"fullUrl\":\"urn:uuid:x\"}", 5_000)) + "], ")), false),
            ("5 MiB string", U(Insert($"\"language\": \"{new string('a', 5 * 1024 * 1024)}\", ")), false),
            ("nesting 100,000 deep", U("{\"resourceType\":\"Bundle\",\"x\":" + new string('[', 100_000) + new string(']', 100_000) + "}"), false),
            ("trailing second copy", U(good + good), false),
            ("duplicate resourceType", U(good.Replace("\"resourceType\": \"MessageHeader\"", "\"resourceType\": \"MessageHeader\", \"resourceType\": \"Patient\"", StringComparison.Ordinal)), false),
        ];
    }

    private static async Task<(int Status, double Ms)> PostAsync(HttpClient client, byte[] body, bool chunked, CancellationToken cancellationToken)
    {
        HttpContent content = chunked ? new StreamContent(new UnseekableStream(body)) : new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/fhir+json");
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await client.PostAsync(new Uri("/fhir/$process-message", UriKind.Relative), content, cancellationToken);
            await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return ((int)response.StatusCode, watch.Elapsed.TotalMilliseconds);
        }
        catch (HttpRequestException)
        {
            return (0, watch.Elapsed.TotalMilliseconds); // the connection closed before an answer was read
        }
        finally
        {
            content.Dispose();
        }
    }

    /// <summary>A client that sends its headers, then one byte a second: how long until the service lets go.</summary>
    private static async Task<(string Outcome, double Seconds)> SlowBodyAsync(int port, CancellationToken cancellationToken)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
        var stream = tcp.GetStream();
        var watch = Stopwatch.StartNew();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("POST /fhir/$process-message HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/fhir+json\r\nContent-Length: 100000\r\n\r\n"), cancellationToken);
        var answer = new byte[4096];
        var reading = stream.ReadAsync(answer, cancellationToken).AsTask();
        try
        {
            while (watch.Elapsed < TimeSpan.FromSeconds(60) && !reading.IsCompleted)
            {
                await stream.WriteAsync("{"u8.ToArray(), cancellationToken);
                await Task.WhenAny(reading, Task.Delay(1000, cancellationToken));
            }
        }
        catch (IOException)
        {
            // the service closed the connection
        }

        var read = reading.IsCompleted ? await reading.ConfigureAwait(false) : 0;
        var text = read > 0 ? Encoding.ASCII.GetString(answer, 0, read).Split("\r\n")[0] : "connection closed";
        return (reading.IsCompleted ? text : "still held", watch.Elapsed.TotalSeconds);
    }

    private static async Task<int> GetStatusAsync(HttpClient client, string path, string? header, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (header is not null)
        {
            request.Headers.Add("X-Padding", header);
        }

        using var response = await client.SendAsync(request, cancellationToken);
        return (int)response.StatusCode;
    }

    private static string NewIds(string json, int i) => json
        .Replace("d886420e-ed9a-492c-8e90-bdddf6935926", Guid.NewGuid().ToString(), StringComparison.Ordinal)
        .Replace("dd69eb94-8330-413d-84a5-79eb45f6ba8c", Guid.NewGuid().ToString(), StringComparison.Ordinal)
        .Replace("PLAC-", $"PLAC-{i}-", StringComparison.Ordinal);

    internal static async Task WaitReadyAsync(HttpClient client, CancellationToken cancellationToken)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline; await Task.Delay(200, cancellationToken))
        {
            try
            {
                using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative), cancellationToken);
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
        }

        throw new TimeoutException("the service did not become ready within 60 s");
    }

    internal static (long RssMb, long PeakMb) Memory(int pid)
    {
        var status = File.ReadAllLines($"/proc/{pid}/status");
        long Kb(string key) => long.Parse(status.Single(l => l.StartsWith(key, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return (Kb("VmRSS:") / 1024, Kb("VmHWM:") / 1024);
    }

    internal static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private sealed class UnseekableStream(byte[] body) : MemoryStream(body)
    {
        public override bool CanSeek => false;
    }
}
