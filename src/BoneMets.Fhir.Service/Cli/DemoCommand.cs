using System.CommandLine;
using System.Globalization;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Pipeline;
using BoneMets.Fhir.Service.Api;
using BoneMets.Fhir.Service.Auth;
using BoneMets.Fhir.Terminology;

namespace BoneMets.Fhir.Service.Cli;

/// <summary>
/// "demo": the real service on a loopback port and a throwaway store; each of samples/referrals is posted to
/// $process-message over HTTP with an access token the local demo client got from the token endpoint (as any sender
/// does; authorization is never skipped), then processed, printing per referral the urgency, deadline, routing and the
/// resources written. The fastest way to see the service work.
/// </summary>
public static class DemoCommand
{
    public static Task<int> RunAsync(string[] args, TextWriter output) => BoneMetsCommandLine.InvokeAsync(["demo", .. args], Console.In, output, Console.Error);

    internal static Command Command(CliContext cli)
    {
        var samples = new Option<string>("--samples") { Description = "The sample referral messages (default: the nearest samples/referrals).", HelpName = "DIR" };
        var command = new Verb("demo", "Run the real pipeline over the sample referrals on a throwaway store and print each outcome.",
            "bonemets demo [--samples DIR]") { samples };
        command.SetAction(parsed => ExecuteAsync(parsed.GetValue(samples), cli.Output));
        return command;
    }

    private static async Task<int> ExecuteAsync(string? samplesGiven, TextWriter output)
    {
        var samples = samplesGiven ?? FindSamples();
        if (samples is null || !Directory.Exists(samples))
        {
            await Console.Error.WriteLineAsync("No samples/referrals directory found; pass --samples DIR.");
            return 2;
        }

        var data = Path.Combine(Path.GetTempPath(), "bonemets-demo-" + Guid.NewGuid().ToString("N")[..8]);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Store:DataDirectory"] = data,
            ["Worker:Enabled"] = "false",
            ["Authorization:Clients"] = null, // the local demo client only, with its key made in this throwaway data directory
            ["Serilog:MinimumLevel:Default"] = "Fatal",
            ["Serilog:MinimumLevel:Override:Microsoft"] = "Fatal",
            ["Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime"] = "Fatal",
            ["Serilog:MinimumLevel:Override:System"] = "Fatal",
            ["Serilog:MinimumLevel:Override:Polly"] = "Fatal",
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0"); // loopback, a free port: the demo is posted to over HTTP like any sender
        await using var app = builder.AddBoneMetsService().Build();
        app.MapBoneMetsApi();
        await app.StartAsync();
        try
        {
            // A sender's steps: a token from the token endpoint (signed assertion, demo key), then $process-message with it.
            var fhirBase = new Uri(app.Urls.First().TrimEnd('/') + "/fhir");
            using var http = new HttpClient();
            var token = await LocalDemoClient.GetTokenAsync(http, fhirBase, data, "system/ServiceRequest.c", TimeProvider.System, CancellationToken.None);
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            var files = Directory.GetFiles(samples, "*.json").Order(StringComparer.Ordinal).ToList();
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var file in files)
            {
                using var posted = await http.PostAsync(new Uri(fhirBase + "/$process-message"),
                    new StringContent(await File.ReadAllTextAsync(file), System.Text.Encoding.UTF8, "application/fhir+json"));
                var body = FhirJson.ParseResource(await posted.Content.ReadAsStringAsync());
                var outcome = (body as Hl7.Fhir.Model.Bundle)?.Entry.Select(e => e.Resource).OfType<Hl7.Fhir.Model.OperationOutcome>().FirstOrDefault()
                    ?? body as Hl7.Fhir.Model.OperationOutcome;
                var diagnostics = outcome?.Issue.FirstOrDefault()?.Diagnostics;
                if (posted.IsSuccessStatusCode && body is Hl7.Fhir.Model.Bundle { Entry: [{ Resource: Hl7.Fhir.Model.MessageHeader { Response.Identifier: { } answered } }, ..] })
                {
                    names[answered] = Path.GetFileName(file);
                }
                else
                {
                    await output.WriteLineAsync($"{Path.GetFileName(file)}: rejected (HTTP {(int)posted.StatusCode}){(diagnostics is null ? "" : ": " + diagnostics)}");
                }
            }

            var processed = await app.Services.GetRequiredService<ReferralProcessor>().ProcessAvailableAsync(CancellationToken.None);
            await output.WriteLineAsync($"BoneMets.Fhir demo: {files.Count} sample messages from {samples}, store {data}\n");
            foreach (var p in processed)
            {
                await Print(output, names.GetValueOrDefault(p.Item.HeaderId, $"#{p.Item.Sequence}"), p);
            }

            return processed.All(p => p.Decision is not null) ? 0 : 1;
        }
        finally
        {
            await app.StopAsync();
            TryDelete(data);
        }
    }

    private static async Task Print(TextWriter output, string name, ProcessedReferral p)
    {
        if (p is not { Decision: { } d, Plan: { } plan })
        {
            await output.WriteLineAsync($"{name}: {p.Status} — {p.Item.LastError}");
            return;
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{name}\n  urgency  {d.UrgencyCode} (Task.priority {plan.Task.Priority?.ToString().ToLowerInvariant()}), due by {d.DueBy:u}, outreach by {d.OutreachBy:u}"));
        await output.WriteLineAsync($"  routes   {string.Join(", ", d.Routes.Select(r => r.Team))}");
        foreach (var reason in d.Reasons)
        {
            await output.WriteLineAsync($"  reason   [{reason.Rule}] {reason.Text}");
        }

        foreach (var missing in d.Missing)
        {
            await output.WriteLineAsync($"  missing  {missing.What}: {missing.Why}");
        }

        var written = plan.Produced.GroupBy(r => r.TypeName).Select(g => $"{g.Count()} {g.Key}");
        await output.WriteLineAsync($"  wrote    {string.Join(", ", written)} (+{plan.Received.Count} received resources); Task/{plan.Task.Id}\n");
    }

    private static string? FindSamples()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "samples", "referrals");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // a throwaway store in the temp directory; the OS cleans it up
        }
    }
}
