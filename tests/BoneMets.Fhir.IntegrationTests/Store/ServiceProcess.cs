using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace BoneMets.Fhir.IntegrationTests.Store;

/// <summary>
/// One instance of the real service as a child process: the built bonemets.dll run with <c>serve</c> on a free port of
/// 127.0.0.1, configured by environment variables (<c>Store__Provider</c>, …) as an operator would. <see cref="Kill"/>
/// is SIGKILL: no shutdown hook runs, leases stay held until they expire. The last lines it wrote are kept for the
/// message of a failed test.
/// </summary>
public sealed class ServiceProcess : IDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private ServiceProcess(string name, Process process, Uri baseAddress)
    {
        Name = name;
        this.process = process;
        BaseAddress = baseAddress;
    }

    public string Name { get; }

    public Uri BaseAddress { get; }

    public bool HasExited => process.HasExited;

    /// <summary>Starts <c>bonemets serve</c> with <paramref name="settings"/> (configuration keys, "Store:Provider" form).</summary>
    public static ServiceProcess Start(string name, IReadOnlyDictionary<string, string> settings)
    {
        var port = FreePort();
        var start = new ProcessStartInfo(DotnetHost())
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "bonemets.dll"), "serve", "--urls", $"http://127.0.0.1:{port}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var service = new ServiceProcess(name, process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => service.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => service.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Waits until /health/ready answers 200 (the store open, the parser and validator warm); fails if the process exits.</summary>
    public async Task WaitReadyAsync(TimeSpan within)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        for (var deadline = DateTime.UtcNow + within; DateTime.UtcNow < deadline; await Task.Delay(200))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {process.ExitCode} before it was ready:\n{Output()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
        }

        throw new TimeoutException($"{Name} was not ready within {within.TotalSeconds:0} s:\n{Output()}");
    }

    /// <summary>SIGKILL, and wait until the process is gone.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: false);
        }

        process.WaitForExit();
    }

    /// <summary>What the process wrote last (at most 200 lines).</summary>
    public string Output() => $"--- {Name} ---\n" + string.Join("\n", output);

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        while (output.Count > 200 && output.TryDequeue(out _))
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The dotnet host running the tests (testhost runs under it), else dotnet from PATH.</summary>
    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    public void Dispose()
    {
        Kill();
        process.Dispose();
    }
}
