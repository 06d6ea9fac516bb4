using BoneMets.Fhir.Store;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Xunit.Abstractions;
using Serilog.Events;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.Api.Hostile;

/// <summary>
/// Seeded mutation fuzz over every sample (issue 14), through the real host with its worker: elements deleted,
/// duplicated, retyped and moved. No mutant gets a 5xx, nothing is logged as an unexpected failure, and the inbox
/// holds exactly the mutants that were accepted (a refusal stores nothing).
/// </summary>
public sealed class MutationFuzzTests : IDisposable
{
    private const int Seed = 14_2026;
    private const int MutantsPerSample = 25;
    private readonly CapturingSink sink = new();
    private readonly BoneMetsHost host;

    private readonly ITestOutputHelper output;

    public MutationFuzzTests(ITestOutputHelper output)
    {
        this.output = output;
        host = new BoneMetsHost(configure: s => s.AddSingleton<ILogEventSink>(sink));
    }

    public void Dispose()
    {
        host.Dispose();
        host.DeleteStore();
    }

    public static TheoryData<string> Sources => new(Samples.Referrals.Select(n => "referrals/" + n)
        .Concat(Samples.InvalidManifest.Where(m => m.File != "malformed-json.json").Select(m => "invalid/" + m.File)) // the one that is not JSON at all
        .Append("referrals/11-references-only-service-request.json"));

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task PostMutants_OfASample_NeverA5xxNorAnUnexpectedFailure(string source)
    {
        var original = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", source));
        var accepted = 0;
        for (var i = 0; i < MutantsPerSample; i++)
        {
            var seed = Seed + (source.Aggregate(0, (h, c) => ((h * 31) + c) & 0xFFFFF) * 100) + i; // stable across runs, unlike HashCode
            var mutant = JsonMutator.Mutate(original, seed, out var applied);

            using var response = await host.PostMessageAsync(mutant);
            var status = (int)response.StatusCode;
            Assert.True(status < 500, $"{source} seed {seed} ({applied}): {status} {await response.Content.ReadAsStringAsync()}");
            Assert.StartsWith("application/fhir+json", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
            accepted += status is 200 or 202 ? 1 : 0;
        }

        var inbox = host.Services.GetRequiredService<IReferralInbox>();
        await WaitForWorkerAsync(inbox);
        var stored = 0;
        foreach (var status in Enum.GetValues<InboxStatus>())
        {
            stored += (await inbox.ListAsync(status, CancellationToken.None)).Count;
        }

        output.WriteLine($"{source}: {accepted} of {MutantsPerSample} mutants accepted");
        Assert.Equal(accepted, stored);
        Assert.DoesNotContain(sink.Events, e => e.Exception is not null || e.Level == LogEventLevel.Fatal
            || e.MessageTemplate.Text.Contains("unexpected", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Until nothing is pending or processing (bounded: 60 s), so the worker's handling of accepted mutants is checked too.</summary>
    private static async Task WaitForWorkerAsync(IReferralInbox inbox)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            if ((await inbox.ListAsync(InboxStatus.Pending, CancellationToken.None)).Count == 0
                && (await inbox.ListAsync(InboxStatus.Processing, CancellationToken.None)).Count == 0)
            {
                return;
            }
        }
    }
}
