using System.Globalization;
using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Pipeline;
using BoneMets.Fhir.Terminology;

namespace BoneMets.Fhir.Service.Cli;

/// <summary>
/// "demo": the real intake and pipeline, in process, over samples/referrals on a throwaway store, printing
/// per referral the urgency, deadline, routing and the resources written. The fastest way to see the service work.
/// </summary>
public static class DemoCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var samples = BoneMetsCommandLine.OptionValue(args, "--samples") ?? FindSamples();
        if (samples is null || !Directory.Exists(samples))
        {
            await Console.Error.WriteLineAsync("No samples/referrals directory found; pass --samples DIR.");
            return 2;
        }

        var data = Path.Combine(Path.GetTempPath(), "bonemets-demo-" + Guid.NewGuid().ToString("N")[..8]);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Store:DataDirectory"] = data,
            ["Worker:Enabled"] = "false",
        });
        builder.Services.AddBoneMetsPipeline(builder.Configuration);
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var intake = host.Services.GetRequiredService<IntakeService>();
            var baseUrl = host.Services.GetRequiredService<ProgramOptions>().PublicBaseUrl;
            var files = Directory.GetFiles(samples, "*.json").Order(StringComparer.Ordinal).ToList();
            var names = new Dictionary<long, string>();
            foreach (var file in files)
            {
                var response = await intake.ReceiveAsync(new IntakeRequest(await File.ReadAllTextAsync(file), null, null, baseUrl), CancellationToken.None);
                if (response.InboxSequence is { } sequence)
                {
                    names[sequence] = Path.GetFileName(file);
                }
                else
                {
                    var why = (response.Body as Hl7.Fhir.Model.Bundle)?.Entry.Select(e => e.Resource).OfType<Hl7.Fhir.Model.OperationOutcome>().FirstOrDefault()?.Issue.FirstOrDefault()?.Diagnostics
                        ?? (response.Body as Hl7.Fhir.Model.OperationOutcome)?.Issue.FirstOrDefault()?.Diagnostics;
                    await output.WriteLineAsync($"{Path.GetFileName(file)}: rejected (HTTP {response.Status}){(why is null ? "" : ": " + why)}");
                }
            }

            var processed = await host.Services.GetRequiredService<ReferralProcessor>().ProcessAvailableAsync(CancellationToken.None);
            await output.WriteLineAsync($"BoneMets.Fhir demo: {files.Count} sample messages from {samples}, store {data}\n");
            foreach (var p in processed)
            {
                await Print(output, names.GetValueOrDefault(p.Item.Sequence, $"#{p.Item.Sequence}"), p);
            }

            return processed.All(p => p.Decision is not null) ? 0 : 1;
        }
        finally
        {
            await host.StopAsync();
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
