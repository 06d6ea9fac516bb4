using BoneMets.Fhir.Case;
using BoneMets.Fhir.Gather;
using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Lifecycle;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Pipeline;
using BoneMets.Fhir.Store;
using BoneMets.Fhir.Tests.Store;
using BoneMets.Fhir.Triage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Tests.Pipeline;

public sealed class ReferralProcessorTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly FakeTimeProvider clock = new(Stages.Now);
    private readonly WorkerOptions options = new() { MaxAttempts = 3, RetryBaseDelay = TimeSpan.FromSeconds(2), RetryMaxDelay = TimeSpan.FromMinutes(5) };
    private readonly ReferralLocks locks = new();
    private TempStore temp = null!;

    public async Task InitializeAsync() => temp = await TempStore.OpenAsync();

    public Task DisposeAsync()
    {
        locks.Dispose();
        temp.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The real triage, except that it throws for one referral (a bug, a dependency down …).</summary>
    private sealed class TriageFailingFor(string referralKey) : ITriage
    {
        private readonly ITriage real = Stages.Triage();

        public string Method => real.Method;

        public TriageDecision Assess(ConsultCase consultCase, DateTimeOffset now) => consultCase.ReferralKey == referralKey
            ? throw new InvalidOperationException("Triage failed for this referral.")
            : real.Assess(consultCase, now);
    }

    private ReferralProcessor Processor(string failingKey = "none") => new(
        temp.Store, new ReferralPipeline(new MessageContextSource(), new TriageFailingFor(failingKey), Stages.Planner(), clock), Completion(temp.Store),
        options, new StoreOptions(), clock, NullLogger<ReferralProcessor>.Instance);

    private ReferralCompletion Completion(SqliteStore store) =>
        new(store, store, store, new ReferralRecords(store), locks, clock, NullLogger<ReferralCompletion>.Instance);

    /// <summary>Posts every sample through intake, in file order (01 … 10), and returns their bundle ids in that order.</summary>
    private async Task<List<string>> ReceiveAllSamplesAsync()
    {
        using var signal = new WorkSignal();
        var intake = new IntakeService(temp.Store, new MessagingOptions(), signal, clock, NullLogger<IntakeService>.Instance);
        foreach (var name in Samples.ReferralNames())
        {
            var response = await intake.ReceiveAsync(new IntakeRequest(Samples.Referral(name), null, null, "http://localhost:5080/fhir"), None);
            Assert.Equal(200, response.Status);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        return [.. Samples.ReferralNames().Select(n => Stages.Message(n).BundleId)];
    }

    private long NextAttemptMs(long sequence) => temp.Scalar($"SELECT next_attempt FROM inbox WHERE seq = {sequence}");

    [Fact]
    public async Task ProcessAvailableAsync_AllDue_EveryReferralDoneInArrivalOrder()
    {
        var sent = await ReceiveAllSamplesAsync();

        var processed = await Processor().ProcessAvailableAsync(None);

        Assert.Equal(sent, processed.Select(p => p.Item.BundleId));
        Assert.All(processed, p => Assert.Equal(InboxStatus.Done, p.Status));
        Assert.Equal(10, (await temp.Store.ListAsync(InboxStatus.Done, None)).Count);
        foreach (var p in processed)
        {
            // A placer's Task is written once, as accepted: one version per processing, whoever created the Task.
            var task = await temp.Store.ReadAsync("Task", p.Plan!.Task.Id!, None);
            Assert.Equal(1, task?.Version);
            Assert.Contains("\"status\":\"accepted\"", task?.Json, StringComparison.Ordinal);
            Assert.Equal(1, (await temp.Store.ReadAsync("Bundle", p.Plan.CaseDocument.Id!, None))?.Version);
        }

        Assert.Empty(await Processor().ProcessAvailableAsync(None));
    }

    [Fact]
    public async Task ProcessNextAsync_OneReferralThrows_RetriedWithBackoffThenParkedWhileOthersComplete()
    {
        var sent = await ReceiveAllSamplesAsync();
        var failing = Stages.Message("05");
        var processor = Processor(failing.ReferralKey);

        var first = await processor.ProcessAvailableAsync(None);

        Assert.Equal(sent, first.Select(p => p.Item.BundleId));
        Assert.Equal(9, first.Count(p => p.Status == InboxStatus.Done));
        var failed = Assert.Single(first, p => p.Status == InboxStatus.Pending);
        Assert.Equal((failing.BundleId, 1), (failed.Item.BundleId, failed.Item.Attempts));
        var pending = Assert.Single(await temp.Store.ListAsync(InboxStatus.Pending, None));
        Assert.Equal("InvalidOperationException: Triage failed for this referral.", pending.LastError);
        var wait = NextAttemptMs(failed.Item.Sequence) - clock.GetUtcNow().ToUnixTimeMilliseconds();
        Assert.InRange(wait, 1600, 2400); // 2 s ± 20%

        Assert.Null(await processor.ProcessNextAsync(None)); // not due yet
        clock.Advance(TimeSpan.FromMilliseconds(wait));

        var second = await processor.ProcessNextAsync(None);
        Assert.Equal((InboxStatus.Pending, 2), (second?.Status, second?.Item.Attempts));
        Assert.InRange(NextAttemptMs(failed.Item.Sequence) - clock.GetUtcNow().ToUnixTimeMilliseconds(), 3200, 4800); // 4 s ± 20%

        clock.Advance(TimeSpan.FromSeconds(5));
        var third = await processor.ProcessNextAsync(None);
        Assert.Equal((InboxStatus.Parked, 3), (third?.Status, third?.Item.Attempts));

        clock.Advance(TimeSpan.FromDays(1));
        Assert.Null(await processor.ProcessNextAsync(None));
        var parked = Assert.Single(await temp.Store.ListAsync(InboxStatus.Parked, None));
        Assert.Equal((failing.BundleId, 3), (parked.BundleId, parked.Attempts));
        Assert.Equal(9, (await temp.Store.ListAsync(InboxStatus.Done, None)).Count);
    }

    /// <summary>The message's context, except that the partner of one referral is down until told otherwise.</summary>
    [Fact]
    public async Task ProcessNextAsync_WarningsKeptByIntake_TheCaseDocumentStatesThemWithoutValidatingAgain()
    {
        var json = Samples.Referral("01");
        var message = Stages.Message("01");
        await temp.Store.AcceptAsync(new InboundMessage(message.BundleId, message.HeaderId, message.ReferralKey, null, null, json, "{}", clock.GetUtcNow(), clock.GetUtcNow().AddDays(1))
        {
            Warnings = ["Bundle.entry[7].resource.component: kept by intake"],
        }, None);

        var processed = await Processor().ProcessNextAsync(None);

        Assert.Equal(InboxStatus.Done, processed!.Status);
        Assert.Contains("kept by intake", BoneMets.Fhir.Fhir.FhirJson.Serialize(processed.Plan!.CaseDocument), StringComparison.Ordinal);
    }

    /// <summary>Gathering that stalls past the lease: meanwhile another instance takes the referral over.</summary>
    private sealed class StalledPastTheLease(SqliteStore other, FakeTimeProvider clock) : IClinicalContextSource
    {
        public InboxItem? TakenOver { get; private set; }

        public async Task<ClinicalContext> GatherAsync(ReferralMessage message, CancellationToken cancellationToken)
        {
            TakenOver ??= await other.ClaimNextAsync(clock.GetUtcNow() + new StoreOptions().LeaseDuration, cancellationToken);
            return await new MessageContextSource().GatherAsync(message, cancellationToken);
        }
    }

    [Fact]
    public async Task ProcessNextAsync_LeaseTakenOverWhileGathering_RecordsNothingAndLeavesTheReferralToTheOtherInstance()
    {
        await ReceiveAllSamplesAsync();
        var mine = temp.Store;
        var other = await temp.OpenAnotherAsync();
        var source = new StalledPastTheLease(other, clock);
        var processor = new ReferralProcessor(mine, new ReferralPipeline(source, Stages.Triage(), Stages.Planner(), clock), Completion(mine),
            options, new StoreOptions(), clock, NullLogger<ReferralProcessor>.Instance);

        var processed = await processor.ProcessNextAsync(None);

        Assert.Equal(InboxStatus.Processing, processed?.Status);
        Assert.Equal(processed!.Item.Sequence, source.TakenOver?.Sequence);
        var held = Assert.Single(await mine.ListAsync(InboxStatus.Processing, None));
        Assert.Equal((held.Sequence, 2, other.InstanceId), (source.TakenOver!.Sequence, source.TakenOver.Attempts, source.TakenOver.Lease!.Owner));
        Assert.NotEqual(mine.InstanceId, other.InstanceId);
        Assert.Equal(0, temp.Scalar("SELECT COUNT(*) FROM resources WHERE type = 'Task'"));
        Assert.Empty(await mine.ListAsync(InboxStatus.Done, None));
    }

    private sealed class PartnerDownFor(string referralKey) : IClinicalContextSource
    {
        public bool Down { get; set; } = true;

        public Task<ClinicalContext> GatherAsync(ReferralMessage message, CancellationToken cancellationToken) => Down && message.ReferralKey == referralKey
            ? throw new PartnerUnavailableException("westbrook", "its circuit is open", TimeSpan.FromMinutes(2), null)
            : new MessageContextSource().GatherAsync(message, cancellationToken);
    }

    [Fact]
    public async Task ProcessNextAsync_PartnerUnavailable_DefersWithoutSpendingAttemptsUntilThePartnerIsBack()
    {
        await ReceiveAllSamplesAsync();
        options.MaxAttempts = 1;
        var thin = Stages.Message("08");
        var source = new PartnerDownFor(thin.ReferralKey);
        var processor = new ReferralProcessor(temp.Store, new ReferralPipeline(source, Stages.Triage(), Stages.Planner(), clock), Completion(temp.Store),
            options, new StoreOptions(), clock, NullLogger<ReferralProcessor>.Instance);

        var first = await processor.ProcessAvailableAsync(None);

        Assert.Equal(9, first.Count(p => p.Status == InboxStatus.Done));
        var deferred = Assert.Single(first, p => p.Status == InboxStatus.Pending).Item;
        for (var round = 0; round < 3; round++)
        {
            var pending = Assert.Single(await temp.Store.ListAsync(InboxStatus.Pending, None));
            Assert.Equal("PartnerUnavailableException: Partner 'westbrook' is unavailable: its circuit is open.", pending.LastError);
            Assert.Equal(0, pending.Attempts);
            var wait = NextAttemptMs(deferred.Sequence) - clock.GetUtcNow().ToUnixTimeMilliseconds();
            Assert.InRange(wait, 120_000, 144_000); // the partner's Retry-After (2 min) + up to 20% jitter
            Assert.Null(await processor.ProcessNextAsync(None));
            clock.Advance(TimeSpan.FromMilliseconds(wait));
            if (round < 2)
            {
                Assert.Equal(InboxStatus.Pending, (await processor.ProcessNextAsync(None))?.Status);
            }
        }

        source.Down = false;
        var resumed = await processor.ProcessNextAsync(None);
        Assert.Equal((InboxStatus.Done, thin.BundleId), (resumed?.Status, resumed?.Item.BundleId));
        Assert.Empty(await temp.Store.ListAsync(InboxStatus.Parked, None));
    }

    [Fact]
    public async Task ProcessNextAsync_ParkedThenRetriedByOperator_ProcessedOnceFixed()
    {
        await ReceiveAllSamplesAsync();
        var failing = Stages.Message("07");
        options.MaxAttempts = 1;
        var parked = Assert.Single(await Processor(failing.ReferralKey).ProcessAvailableAsync(None), p => p.Status == InboxStatus.Parked);

        Assert.True(await temp.Store.RetryAsync(parked.Item.Sequence, None));
        var fixedRun = await Processor().ProcessAvailableAsync(None);

        var done = Assert.Single(fixedRun);
        Assert.Equal((InboxStatus.Done, failing.BundleId, Urgency.Emergency), (done.Status, done.Item.BundleId, done.Decision?.Urgency));
    }

    [Fact]
    public async Task ProcessNextAsync_StoredMessageNoLongerReads_RetriedNotDropped()
    {
        var notAReferral = Inbound.Message("broken", "h-broken", receivedAt: clock.GetUtcNow())
            with { MessageJson = """{"resourceType":"Bundle","id":"broken","type":"collection"}""" };
        await temp.Store.AcceptAsync(notAReferral, None);

        var result = await Processor().ProcessNextAsync(None);

        Assert.Equal((InboxStatus.Pending, 1), (result?.Status, result?.Item.Attempts));
        Assert.Contains("no longer reads as a referral message", Assert.Single(await temp.Store.ListAsync(InboxStatus.Pending, None)).LastError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 2.0)]
    [InlineData(2, 4.0)]
    [InlineData(3, 8.0)]
    [InlineData(5, 32.0)]
    [InlineData(9, 300.0)]   // 512 s, capped at 5 minutes
    [InlineData(30, 300.0)]
    public void Backoff_Attempt_BaseDoubledEachTimeCappedWithTwentyPercentJitter(int attempt, double seconds)
    {
        var processor = Processor();

        var delays = Enumerable.Range(0, 200).Select(_ => processor.Backoff(attempt).TotalSeconds).ToList();

        Assert.All(delays, d => Assert.InRange(d, seconds * 0.8, Math.Min(seconds * 1.2, 300.0))); // never above RetryMaxDelay
        Assert.True(delays.Distinct().Count() > 1, "retries of the same attempt should not all wait the same time");
    }
}
