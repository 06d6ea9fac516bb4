using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace BoneMets.Fhir.Benchmarks;

/// <summary>
/// The built service (<c>bonemets serve</c>, Release) in its own process on a loopback port with a temporary data
/// directory, and an <see cref="HttpClient"/> that carries an access token got the way the demo gets one: the local
/// demo client's key in the data directory signs an assertion, <c>bonemets token</c> takes it to the token endpoint.
/// So every request goes through the production middleware, authorization included.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process process;

    private readonly bool ownsData;

    private ServiceProcess(Process process, string data, bool ownsData, HttpClient client)
    {
        this.process = process;
        DataDirectory = data;
        this.ownsData = ownsData;
        Client = client;
    }

    public string DataDirectory { get; }

    public HttpClient Client { get; }

    public int Pid => process.Id;

    /// <summary>Starts one and waits until it is ready. <paramref name="sharedData"/>: a data directory several instances share (left in place on dispose).</summary>
    public static async Task<ServiceProcess> StartAsync(string dll, string url, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken,
        string? sharedData = null)
    {
        var data = sharedData ?? Directory.CreateTempSubdirectory("bonemets-intake-").FullName;
        var start = new ProcessStartInfo("dotnet", [dll, "serve", "--urls", url, "--data", data])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(120) };
        var service = new ServiceProcess(process, data, sharedData is null, client);
        try
        {
            await WaitReadyAsync(client, process, cancellationToken);
            var token = await TokenAsync(dll, url, data, cancellationToken);
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return service;
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    public (long RssMb, long PeakMb) Memory() => HostileLoad.Memory(process.Id);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
        process.Dispose();
        if (ownsData)
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    /// <summary>Ready includes the validator's warm-up (ADR 0017), which takes tens of seconds on a loaded machine.</summary>
    private static async Task WaitReadyAsync(HttpClient client, Process process, CancellationToken cancellationToken)
    {
        for (var deadline = DateTime.UtcNow.AddMinutes(3); DateTime.UtcNow < deadline && !process.HasExited; await Task.Delay(200, cancellationToken))
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

        throw new TimeoutException(process.HasExited ? $"the service exited with {process.ExitCode}" : "the service did not become ready within 3 minutes");
    }

    private static async Task<string> TokenAsync(string dll, string url, string data, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet", [dll, "token", "--url", url + "/fhir", "--data", data])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var token = Process.Start(start)!;
        var output = await token.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = await token.StandardError.ReadToEndAsync(cancellationToken);
        await token.WaitForExitAsync(cancellationToken);
        return token.ExitCode == 0 && output.Trim() is { Length: > 0 } jwt
            ? jwt
            : throw new InvalidOperationException($"bonemets token failed ({token.ExitCode}): {error}");
    }
}
