using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.IntegrationTests.Lifecycle;
using BoneMets.Fhir.Store;
using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Tests.Scheduling;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using BoneMets.Fhir.Testing;
using Task = System.Threading.Tasks.Task;
using FhirTask = Hl7.Fhir.Model.Task;

namespace BoneMets.Fhir.IntegrationTests.WriteBack;

/// <summary>
/// Issue 19's campaign, through the real host against the shared fake: 100 referrals, every fault type the fake has on
/// the FHIR write-back and on the messaging channel, a server enforcing referential integrity, scheduling updates, a
/// quarter of the referrals cancelled later, and the service killed mid-delivery (host disposed, a new one started on
/// the same store). Counted at the fake and compared with the service's own final state: lost 0, duplicated 0,
/// partner edits overwritten 0. Seeded, so a failure replays.
/// </summary>
public sealed partial class FaultCampaignTests(ITestOutputHelper output) : IDisposable
{
    private const int Seed = 19;
    private const int Referrals = 100;

    private static readonly PartnerFault[] TransactionFaults =
    [
        PartnerFault.ServerError, PartnerFault.TooManyRequests, PartnerFault.Unavailable, PartnerFault.TimeoutBeforeCommit,
        PartnerFault.ResetBeforeReply, PartnerFault.DropAfterCommit, PartnerFault.SlowAfterCommit, PartnerFault.ConcurrentEdit,
        PartnerFault.ConcurrentEditConflict, PartnerFault.ConcurrentEditThenReadsFail, PartnerFault.OkWithoutLocations,
    ];

    private static readonly PartnerFault[] MessageFaults =
        [PartnerFault.ServerError, PartnerFault.Unavailable, PartnerFault.TooManyRequests, PartnerFault.ResetBeforeReply, PartnerFault.DropAfterCommit];

    private readonly FakePartnerServer fake = new() { EnforcesReferences = true, NumberedEdits = true, SlowAnswer = TimeSpan.FromSeconds(1.5) };
    private readonly FhirTestServer scheduling = ClinicSchedule.Server();
    private readonly string data = Path.Combine(Path.GetTempPath(), "bonemets-campaign-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        fake.Dispose();
        scheduling.Dispose();
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
            // temp directory; best effort
        }
    }

    [Fact]
    public async Task Campaign_100ReferralsUnderEveryFaultWithCancellationsAndKills_NothingLostDuplicatedOrOverwritten()
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var random = new Random(Seed);
        Enqueue(random, fake.Faults, TransactionFaults, 400, 0.45);
        Enqueue(random, fake.MessageFaults, MessageFaults, 300, 0.3);
        var samples = Samples.Referrals.Where(n => !n.StartsWith("11-", StringComparison.Ordinal)).ToList();
        foreach (var (name, i) in samples.Select((n, i) => (n, i)).Where(s => s.i % 2 == 0))
        {
            // Half the patients are held by the partner under its own id (found by identifier); the others go as logical references.
            var patient = FhirJson.Parse<Bundle>(Samples.Referral(name)).Entry.Select(e => e.Resource).OfType<Patient>().First();
            fake.Hold(new Patient { Id = $"ehr-patient-{i}", Identifier = [.. patient.Identifier.Take(1)] });
        }

        for (var slot = 0; slot < 2 * Referrals; slot++)
        {
            scheduling.AddSlot($"slot-{slot}", DateTimeOffset.UtcNow.AddHours(2 + slot));
        }

        var referrals = Enumerable.Range(0, Referrals).Select(i => AsNewReferral(Samples.Referral(samples[i % samples.Count]), i)).ToList();
        // A quarter cancelled later, by the referrer resending its Task cancelled (only a referral that carries a Task can be).
        List<(string Message, string Original)> cancelAnswers;
        var cancelled = referrals.Where(r => FhirJson.Parse<Bundle>(r).Entry.Any(e => e.Resource is FhirTask)).Where((_, i) => i % 3 == 1).Take(Referrals / 4).ToList();

        // Every tenth referral stormed: 8 copies at once.
        List<string> answers;
        using (var first = Start())
        {
            answers = await PostAllAsync(first, referrals, storm: i => i % 10 == 3);
            await WriteBackHost.UntilAsync(() => fake.Commits >= 30, "30 commits at the partner");
        } // killed mid-delivery: deliveries in flight stay claimed in the store

        output.WriteLine($"first kill after {stopwatch.Elapsed}");
        using (var second = Start())
        {
            await UntilDoneAsync(second, Referrals);
            output.WriteLine($"all processed after {stopwatch.Elapsed}");
            // The cancellations (some stormed) among resends of referrals the killed host accepted.
            List<string> cancellations = [.. cancelled.Select(Cancellation)];
            var resends = Enumerable.Range(0, Referrals).Where(i => i % 5 == 0).Select(i => (referrals[i], answers[i])).ToList();
            var sent = Interleave(cancellations, resends);
            var replies = await PostAllAsync(second, sent, storm: i => i % 6 == 0);
            cancelAnswers = [.. sent.Zip(replies).Where(p => p.First.Original is null).Select(p => (p.First.Message, p.Second))];
            await WriteBackHost.UntilAsync(() => fake.Commits >= 150, "150 commits at the partner");
        } // killed again, among the cancellations

        using var last = Start();
        // Resends of cancellations and referrals the killed hosts accepted, some stormed, while delivery resumes.
        await PostAllAsync(last, Interleave([], [.. cancelAnswers.Take(10), .. Enumerable.Range(0, 10).Select(i => (referrals[7 * i], answers[7 * i]))]), storm: i => i % 4 == 1);
        await UntilDoneAsync(last, Referrals + cancelled.Count);
        var deliveries = await SettledAsync(last);

        output.WriteLine($"settled after {stopwatch.Elapsed}");
        var parked = deliveries.Where(d => d.Status != DeliveryStatus.Done).Select(d => $"#{d.Sequence} {d.Channel} {d.Status}: {d.LastError}").ToList();
        var lost = await LostAsync(last);
        var overwritten = Overwritten();
        var messagesLost = await MessagesLostAsync(last);
        output.WriteLine($"deliveries {deliveries.Count}, transactions {fake.Transactions}, commits {fake.Commits}, reads {fake.Reads}, edits {fake.Edits.Count}, messages {fake.Messages.Count}");
        Assert.Empty(parked);
        await AssertOneReferralPerMessageAsync(last, Referrals + cancelled.Count);
        Assert.Empty(fake.Duplicates());
        Assert.Empty(lost);
        Assert.Empty(overwritten);
        Assert.Empty(messagesLost);
        output.WriteLine("met: " + string.Join(", ", fake.Met.Select(m => $"{m.Key} {m.Value}")) + "; messages: " + string.Join(", ", fake.MessageFaultsMet.Select(m => $"{m.Key} {m.Value}")));
        Assert.True(fake.Met.Keys.Count(f => f != PartnerFault.None) >= 8, "at least 8 fault types met by the write-back");
        Assert.True(fake.MessageFaultsMet.Keys.Count(f => f != PartnerFault.None) >= 4, "the messaging channel met faults too");
        Assert.True(fake.Edits.Count > 0 && cancelled.Count == Referrals / 4, "concurrent edits were made and a quarter cancelled");
        // Not vacuous: every referral reached the partner, the cancellations and the bookings among them.
        Assert.Equal(Referrals, fake.All<FhirTask>().Count);
        Assert.Equal(cancelled.Count, fake.All<FhirTask>().Count(t => t.Status == FhirTask.TaskStatus.Cancelled));
        Assert.Contains(fake.All<Appointment>(), a => a.Status == Appointment.AppointmentStatus.Booked);
    }

    private BoneMetsHost Start()
    {
        var settings = LifecycleHost.Settings(scheduling);
        settings[$"Partners:{WriteBackHost.Partner}:WriteBack:MessagingEndpoint"] = fake.MessagingUrl;
        settings[$"Partners:{WriteBackHost.Partner}:Limits:MaxRetryAfter"] = "00:00:02";
        settings[$"Partners:{WriteBackHost.Partner}:Limits:RequestsPerSecond"] = "2000";
        settings[$"Partners:{WriteBackHost.Partner}:Limits:MaxConcurrency"] = "16";
        settings["Worker:PartnerRetryDelay"] = "00:00:01";
        settings["Worker:RetryBaseDelay"] = "00:00:00.200";
        settings["Worker:IdlePoll"] = "00:00:00.100";
        return WriteBackHost.Start(fake, data, deliveryLoops: 4, extra: settings);
    }

    private static void Enqueue(Random random, System.Collections.Concurrent.ConcurrentQueue<PartnerFault> queue, PartnerFault[] faults, int count, double share)
    {
        for (var i = 0; i < count; i++)
        {
            queue.Enqueue(random.NextDouble() < share ? faults[random.Next(faults.Length)] : PartnerFault.None);
        }
    }

    /// <summary>A sample as a different referral, its placer Task's identifiers too (each copy is another referral of the placer's).</summary>
    internal static string AsNewReferral(string sample, int copy)
    {
        var bundle = FhirJson.Parse<Bundle>(Samples.AsNewReferral(sample));
        foreach (var identifier in bundle.Entry.Select(e => e.Resource).OfType<FhirTask>().SelectMany(t => t.Identifier))
        {
            identifier.Value += $"-{copy}";
        }

        return FhirJson.Serialize(bundle);
    }

    /// <summary>The referral sent again by the referrer with its Task cancelled (new message ids).</summary>
    private static string Cancellation(string referral)
    {
        var bundle = FhirJson.Parse<Bundle>(Samples.WithNewMessageIds(referral));
        foreach (var task in bundle.Entry.Select(e => e.Resource).OfType<FhirTask>())
        {
            task.Status = FhirTask.TaskStatus.Cancelled;
            task.BusinessStatus = new CodeableConcept(CodeSystems.BserTaskBusinessStatus, "6.0", "Service Request Fulfillment Cancelled");
        }

        return FhirJson.Serialize(bundle);
    }

    private static Task UntilDoneAsync(BoneMetsHost host, int count) => Subscriptions.SubscriptionHost.UntilAsync(async () =>
        (await host.Services.GetRequiredService<IReferralInbox>().ListAsync(InboxStatus.Done, CancellationToken.None)).Count >= count,
        $"{count} messages processed");

    /// <summary>Nothing pending or in flight, and nothing new queued for 2 s (a booking pass may still add a change).</summary>
    private static async Task<IReadOnlyList<Delivery>> SettledAsync(BoneMetsHost host)
    {
        var outbox = host.Services.GetRequiredService<IDeliveryOutbox>();
        var (stableSince, lastCount) = (DateTime.UtcNow, -1);
        for (var deadline = DateTime.UtcNow.AddSeconds(120); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            var all = await outbox.ListDeliveriesAsync(null, CancellationToken.None);
            if (all.Any(d => d.Status is DeliveryStatus.Pending or DeliveryStatus.Processing) || all.Count != lastCount)
            {
                (stableSince, lastCount) = (DateTime.UtcNow, all.Count);
            }
            else if (DateTime.UtcNow - stableSince > TimeSpan.FromSeconds(2))
            {
                return all;
            }
        }

        throw new TimeoutException("The outbox did not settle within 120 s.");
    }
}
