using System.Diagnostics;
using System.Globalization;
using BoneMets.Fhir.Case;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Gather;
using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Lifecycle;
using BoneMets.Fhir.Pipeline;
using BoneMets.Fhir.Store;
using BoneMets.Fhir.Triage;
using BoneMets.Fhir.Validation;
using BoneMets.Fhir.WriteBack;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BoneMets.Fhir.Benchmarks;

/// <summary>
/// Where a referral's time goes (<c>--profile N</c>): the stages of intake and of ReferralPipeline run one after
/// another, one referral at a time, each timed with a Stopwatch (wall time; single-threaded, so close to CPU time
/// except for the stub's latency in fetch and gather). The same public calls the service makes, in its order.
/// </summary>
public static class StageProfile
{
    public static async System.Threading.Tasks.Task RunAsync(LoadDriver driver, int referrals, CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("bonemets-profile-");
        try
        {
            await using var provider = driver.Compose("batch", data.FullName);
            foreach (var hosted in provider.GetServices<IHostedService>())
            {
                await hosted.StartAsync(cancellationToken);
            }

            var intake = provider.GetRequiredService<IntakeService>();
            var inbox = provider.GetRequiredService<IReferralInbox>();
            var referralsSource = provider.GetRequiredService<PartnerReferrals>();
            var source = provider.GetRequiredService<IClinicalContextSource>();
            var triage = provider.GetRequiredService<ITriage>();
            var planner = provider.GetRequiredService<WriteBackPlanner>();
            var gate = provider.GetRequiredService<ReferralVersionGate>();
            var completion = provider.GetRequiredService<ReferralCompletion>();
            var totals = new Dictionary<string, double>(StringComparer.Ordinal);
            var watch = new Stopwatch();
            async Task<T> Time<T>(string stage, Func<Task<T>> work, bool count)
            {
                watch.Restart();
                var result = await work();
                if (count)
                {
                    totals[stage] = totals.GetValueOrDefault(stage) + watch.Elapsed.TotalMilliseconds;
                }

                return result;
            }

            WriteBackPlan? lastPlan = null;
            for (var i = -20; i < referrals; i++)
            {
                var count = i >= 0; // the first 20 warm up (JIT, the parser, the capability cache)
                var body = driver.Body(1_000_000 + i);
                await Time("intake (parse, contract, profiles, store)", () => intake.ReceiveAsync(new IntakeRequest(body, null, null, "http://localhost:5080/fhir"), cancellationToken), count);
                var item = (await inbox.ClaimNextAsync(DateTimeOffset.UtcNow, cancellationToken))!;
                var read = await Time("pipeline: parse the stored message", () => System.Threading.Tasks.Task.FromResult(ReferralMessageReader.Read(FhirJson.ParseResource(item.MessageJson))), count);
                var message = read.Message;
                if (read.ReferencesOnly is { } pointer)
                {
                    message = (await Time("pipeline: fetch the referral (1 round trip + contract + profiles)", () => referralsSource.FetchAsync(pointer, cancellationToken), count)).Message;
                }
                else
                {
                    await Time("pipeline: re-validate for warnings", () => System.Threading.Tasks.Task.FromResult(ResourceValidator.Default.Validate(message!.Bundle, ResourceRole.Received)), count);
                }

                var admission = await Time("pipeline: version gate (read the last processed version)", () => gate.AdmitAsync(item.Sequence, message!.ServiceRequest, cancellationToken), count);
                var context = await Time("pipeline: gather (1 round trip)", () => source.GatherAsync(message!, cancellationToken), count);
                var consultCase = await Time("pipeline: assemble the case", () => System.Threading.Tasks.Task.FromResult(CaseAssembler.Assemble(context)), count);
                var now = DateTimeOffset.UtcNow;
                var decision = await Time("pipeline: triage", () => System.Threading.Tasks.Task.FromResult(triage.Assess(consultCase, now)), count);
                var plan = await Time("pipeline: plan the write-back (case document)", () => System.Threading.Tasks.Task.FromResult(
                    planner.Plan(consultCase, decision, $"{item.BundleId}|{item.HeaderId}", triage.Method, now)), count);
                lastPlan = plan;
                // As ReferralProcessor since the lifecycle merge (issue 6): completion reads the referral's stored
                // records and any cancellation, then commits; the version gate then records the version (issue 7).
                await Time("commit (lifecycle reads; serialize, hash, index, SQLite)", async () =>
                {
                    await completion.CompleteAsync(item, message!.ReferralKey, plan, cancellationToken);
                    return 0;
                }, count);
                await Time("record the processed version (its own transaction)", async () =>
                {
                    await gate.RecordAsync(admission, DateTimeOffset.UtcNow, cancellationToken);
                    return 0;
                }, count);
                gate.Release(admission.Version.ReferralKey);
            }

            // The commit's CPU, by step, over the last referral's write-back (what CompleteAsync does per resource).
            var all = lastPlan!.All;
            var steps = new Dictionary<string, double>(StringComparer.Ordinal);
            void Step(string name, Action action)
            {
                watch.Restart();
                for (var n = 0; n < 50; n++)
                {
                    action();
                }

                steps[name] = watch.Elapsed.TotalMilliseconds / 50;
            }

            Step("serialize every resource once", () =>
            {
                foreach (var r in all)
                {
                    FhirJson.Serialize(r);
                }
            });
            Step("  of which the case document", () => FhirJson.Serialize(lastPlan.CaseDocument));
            Step("search index values (FHIRPath)", () =>
            {
                foreach (var r in all)
                {
                    Search.SearchParameters.Extract(r);
                }
            });
            Console.WriteLine($"Commit preparation (outside the write gate) by step, one write-back of {all.Count} resources ({string.Join(", ", all.GroupBy(r => r.TypeName).Select(g => $"{g.Count()} {g.Key}"))}), ms:");
            foreach (var (name, ms) in steps)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name}: {ms:F2}"));
            }

            var sum = totals.Values.Sum();
            Console.WriteLine($"Stage profile: {referrals} referrals one at a time (after 20 warm-up), ms per referral");
            Console.WriteLine("| stage | ms/referral | share |");
            Console.WriteLine("|---|---|---|");
            foreach (var (stage, ms) in totals)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {stage} | {ms / referrals:F2} | {ms / sum:P0} |"));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| total | {sum / referrals:F2} | |"));
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }
}
