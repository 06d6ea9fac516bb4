using System.Diagnostics;
using System.Globalization;
using System.Text;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Store;
using BoneMets.Fhir.Validation;
using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BoneMets.Fhir.Benchmarks;

/// <summary>
/// Issue 17: where an acknowledgement's milliseconds go (in process, one message at a time, Stopwatch per stage):
/// the stages <see cref="IntakeService"/> runs for a full message (sample 01, each a new referral), and the same
/// message sent again (a resend), through the same public calls in the same order, against a real SQLite store.
/// </summary>
internal static class IntakeStages
{
    public static async System.Threading.Tasks.Task RunAsync(int messages, CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("bonemets-stages-");
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Store:DataDirectory"] = data.FullName, ["Worker:Enabled"] = "false",
            }).Build();
            await using var provider = new ServiceCollection().AddLogging().AddBoneMetsPipeline(configuration).BuildServiceProvider();
            foreach (var hosted in provider.GetServices<IHostedService>())
            {
                await hosted.StartAsync(cancellationToken);
            }

            var inbox = provider.GetRequiredService<IReferralInbox>();
            var intake = provider.GetRequiredService<IntakeService>();
            var limits = new InputLimitsOptions();
            var validator = ResourceValidator.Default;
            var template = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "full-referral.json"));
            var totals = new Dictionary<string, double>(StringComparer.Ordinal);
            var watch = new Stopwatch();
            T Time<T>(string stage, bool count, Func<T> work)
            {
                watch.Restart();
                var result = work();
                if (count)
                {
                    totals[stage] = totals.GetValueOrDefault(stage) + watch.Elapsed.TotalMilliseconds;
                }

                return result;
            }

            var now = DateTimeOffset.UtcNow;
            for (var i = -20; i < messages; i++)
            {
                var count = i >= 0;
                var bytes = Encoding.UTF8.GetBytes(IntakeLoad.NewReferral(template, 100_000 + i, IntakeLoad.SenderResources));
                var json = Time("read (UTF-8 bytes to string)", count, () => Encoding.UTF8.GetString(bytes));
                Time("strict JSON scan (syntax, duplicates, limits)", count, () => StrictJson.Check(bytes, limits));
                Time("identity (MessageHeader.id, Bundle.id, sender; no parse)", count, () => MessageIdentity.Read(bytes));
                var parsed = Time("parse (Firely POCO)", count, () => FhirJson.TryParse(json));
                var message = Time("referral contract (ReferralMessageReader)", count, () => ReferralMessageReader.Read(parsed.Resource!)).Message!;
                var findings = Time("validate (Firely validator, verdict cache on)", count, () => validator.Validate(message.Bundle, ResourceRole.Received));
                var response = Time("response message (build, serialize)", count, () => FhirJson.Serialize(ResponseMessages.Respond(
                    message.Header, MessageHeader.ResponseType.Ok, Outcomes.Of([Outcomes.Information("Referral accepted."), .. findings.Where(f => f.Severity != OperationOutcome.IssueSeverity.Information)]), "http://localhost/fhir", now)));
                var stored = new InboundMessage(message.Bundle.Id!, message.Header.Id!, message.ReferralKey, null, null, json, response, now, now.AddHours(1), null, false);
                await TimeAsync("store (dedupe lookup, insert, fsync)", count, () => inbox.AcceptAsync(stored, cancellationToken));
                await TimeAsync("resend, whole IntakeService.ReceiveAsync", count,
                    () => intake.ReceiveAsync(new IntakeRequest(json, null, null, "http://localhost/fhir"), cancellationToken));
            }

            async System.Threading.Tasks.Task TimeAsync<T>(string stage, bool count, Func<Task<T>> work)
            {
                watch.Restart();
                await work();
                if (count)
                {
                    totals[stage] = totals.GetValueOrDefault(stage) + watch.Elapsed.TotalMilliseconds;
                }
            }

            Console.WriteLine($"stage profile: {messages} full messages (sample 01), one at a time, load average {HostileLoad.LoadAverage()}");
            Console.WriteLine("| stage | ms per message |");
            Console.WriteLine("|---|---|");
            foreach (var (stage, total) in totals)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {stage} | {total / messages:F2} |"));
            }

            Checks(template, messages);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    /// <summary>Which checks cost what: sample 01 against its profiles with no verdict cache, the Bundle's own profile and each entry's type.</summary>
    private static void Checks(string template, int rounds)
    {
        var uncached = new ResourceValidator(ProfileSet.Embedded, verdictCapacity: 0);
        var bundle = FhirJson.Parse<Bundle>(template);
        uncached.Validate(bundle, ResourceRole.Received); // profile trees built
        var costs = new Dictionary<string, double>(StringComparer.Ordinal);
        var watch = new Stopwatch();
        for (var i = 0; i < rounds; i++)
        {
            watch.Restart();
            uncached.Validate(bundle, ResourceRole.Received);
            costs["whole message, no cache"] = costs.GetValueOrDefault("whole message, no cache") + watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            uncached.ValidateEntries(bundle, ResourceRole.Received);
            costs["entries only"] = costs.GetValueOrDefault("entries only") + watch.Elapsed.TotalMilliseconds;
            foreach (var entry in bundle.Entry)
            {
                watch.Restart();
                uncached.Validate(entry.Resource!, ResourceRole.Received);
                var type = "entry: " + entry.Resource!.TypeName;
                costs[type] = costs.GetValueOrDefault(type) + watch.Elapsed.TotalMilliseconds;
            }
        }

        Console.WriteLine("| validation of sample 01, no verdict cache | ms per message |");
        Console.WriteLine("|---|---|");
        foreach (var (check, total) in costs.OrderByDescending(c => c.Value))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {check} | {total / rounds:F2} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| the Bundle's own profile (whole − entries) | {(costs["whole message, no cache"] - costs["entries only"]) / rounds:F2} |"));
        Kinds(bundle, rounds);
    }

    /// <summary>What each kind of Firely check costs: the whole message validated with that kind left out, against all of them.</summary>
    private static void Kinds(Bundle bundle, int rounds)
    {
        var profile = ProfileSet.Url("bonemets-referral-message");
#pragma warning disable ExperimentalApi // Firely's assertion types, named only to leave one kind out
        var kinds = new (string Name, Predicate<IAssertion>? Excluded)[]
        {
            ("all checks", null),
            ("without ele-1", a => a is FhirEle1Validator),
            ("without every FHIRPath invariant (ele-1 included)", a => a is InvariantValidator),
            ("without bindings (terminology)", a => a is BindingValidator),
            ("without referenced instances (targets in the Bundle)", a => a is ReferencedInstanceValidator),
            ("without slicing", a => a is SliceValidator),
        };
#pragma warning restore ExperimentalApi
        var validators = kinds.Select(k => (k.Name, Validator: k.Excluded is null ? ProfileValidator.For(ProfileSet.Embedded) : ProfileValidator.Without(ProfileSet.Embedded, k.Excluded))).ToList();
        foreach (var (_, validator) in validators)
        {
            validator.Validate(bundle, profile, ResourceRole.Received); // compiled
        }

        var costs = new double[validators.Count];
        var watch = new Stopwatch();
        for (var i = 0; i < rounds; i++)
        {
            for (var k = 0; k < validators.Count; k++)
            {
                watch.Restart();
                validators[k].Validator.Validate(bundle, profile, ResourceRole.Received);
                costs[k] += watch.Elapsed.TotalMilliseconds;
            }
        }

        Console.WriteLine($"terminology answers remembered (all checks): {validators[0].Validator.TerminologyRemembered}");
        Console.WriteLine("| sample 01, whole message, no verdict cache | ms per message | saved |");
        Console.WriteLine("|---|---|---|");
        for (var k = 0; k < validators.Count; k++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {validators[k].Name} | {costs[k] / rounds:F2} | {(costs[0] - costs[k]) / rounds:F2} |"));
        }
    }
}
