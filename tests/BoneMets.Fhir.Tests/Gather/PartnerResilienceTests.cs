using System.Globalization;
using System.Net;
using System.Text;
using BoneMets.Fhir.Gather;
using BoneMets.Fhir.Options;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Task = System.Threading.Tasks.Task;
using BoneMets.Fhir.Partners;

namespace BoneMets.Fhir.Tests.Gather;

/// <summary>The partner's named HttpClient and its pipeline: retries, Retry-After, timeouts, the circuit, isolation.</summary>
public sealed class PartnerResilienceTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly PartnerStub stub = new();

    public void Dispose() => stub.Dispose();

    private static PartnerFhir Fhir(GatherHost host, string id = "westbrook")
    {
        var options = host.Services.GetRequiredService<PartnersOptions>()[id];
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient(PartnerHttp.ClientName(id));
        return new PartnerFhir(new Partner(id, options), client, TimeProvider.System);
    }

    /// <summary>Answers <paramref name="first"/> for the first <paramref name="times"/> requests to the path, then 200 with a Patient.</summary>
    private void FailThenSucceed(string path, int times, Func<IResponseBuilder> first)
    {
        for (var i = 0; i < times; i++)
        {
            var mapping = stub.Server.Given(Request.Create().WithPath("/fhir/" + path).UsingGet()).InScenario(path);
            (i == 0 ? mapping : mapping.WhenStateIs($"failed-{i}")).WillSetStateTo($"failed-{i + 1}").RespondWith(first());
        }

        stub.Server.Given(Request.Create().WithPath("/fhir/" + path).UsingGet()).InScenario(path).WhenStateIs($"failed-{times}")
            .RespondWith(PartnerStub.Respond(200, new Patient { Id = "p1" }));
    }

    [Fact]
    public async Task Get_503Burst_RetriesWithBackoffAndSucceeds()
    {
        FailThenSucceed("Patient/p1", 3, () => Response.Create().WithStatusCode(503));
        using var host = GatherHost.For(stub);

        var answer = await Fhir(host).GetAsync("Patient/p1", None);

        Assert.True(answer.Ok);
        Assert.Equal(4, stub.Requests.Count);
    }

    /// <summary>
    /// On a fake clock: once the retry's delay is scheduled, the retry is not sent while the clock stands a tick short
    /// of the Retry-After, and is sent once it reaches it. The wait is proved by what the clock must reach, not by how
    /// long the test took.
    /// </summary>
    [Fact]
    public async Task Get_429WithRetryAfter_WaitsAsToldThenRetries()
    {
        FailThenSucceed("Patient/p1", 1, () => Response.Create().WithStatusCode(429).WithHeader("Retry-After", "1"));
        var clock = new TimerWatchingClock();
        using var host = new GatherHost(new PartnersOptions { ["westbrook"] = GatherHost.Partner(stub.BaseUrl) }, clock);

        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30)); // real time: a retry that never comes fails the test, not hangs it
        var get = Fhir(host).GetAsync("Patient/p1", bound.Token);
        await WaitUntilAsync(() => clock.Scheduled(upTo: TimeSpan.FromSeconds(1))); // the retry's delay (the timeouts are 2 s and 10 s)
        clock.Advance(TimeSpan.FromSeconds(1) - TimeSpan.FromTicks(1));
        await Task.Delay(200); // a retry sent too early would arrive now
        Assert.Single(stub.Requests);
        Assert.False(get.IsCompleted);

        clock.Advance(TimeSpan.FromTicks(1));
        var answer = await get;

        Assert.True(answer.Ok);
        Assert.Equal(2, stub.Requests.Count);
    }

    /// <summary>Waits for a condition (bounded: 30 s, then fails).</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); !condition(); await Task.Delay(10))
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 30 s");
        }
    }

    /// <summary>A fake clock that records the due times of the timers scheduled on it (delays, timeouts).</summary>
    private sealed class TimerWatchingClock() : FakeTimeProvider(DateTimeOffset.Parse("2026-11-20T08:00:00Z", CultureInfo.InvariantCulture))
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<TimeSpan> dueTimes = new();

        public bool Scheduled(TimeSpan upTo) => dueTimes.Any(d => d > TimeSpan.Zero && d <= upTo);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            dueTimes.Enqueue(dueTime);
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }

    [Fact]
    public async Task Get_RetryAfterLongerThanWeWait_AnswersAtOnceAsUnavailableWithTheDelay()
    {
        stub.Server.Given(Request.Create().WithPath("/fhir/Patient/p1").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(503).WithHeader("Retry-After", "120"));
        using var host = GatherHost.For(stub);

        var error = await Assert.ThrowsAsync<PartnerUnavailableException>(() => Fhir(host).GetAsync("Patient/p1", None));

        Assert.Equal(TimeSpan.FromSeconds(120), error.RetryAfter);
        Assert.Single(stub.Requests);
    }

    /// <summary>
    /// The first attempt is held at the stub until the test ends, so only the per-attempt timeout can let the
    /// retry run and answer: the answer arrives while that first attempt is still unanswered.
    /// </summary>
    [Fact]
    public async Task Get_SlowAttempt_TimesOutAndTheRetrySucceeds()
    {
        using var held = new StubGate();
        stub.Server.Given(Request.Create().WithPath("/fhir/Patient/p1").UsingGet())
            .RespondWith(held.Hold(PartnerStub.Respond(200, new Patient { Id = "p1" }), first: 1));
        using var host = GatherHost.For(stub, l => l.AttemptTimeout = TimeSpan.FromMilliseconds(300));

        var answer = await Fhir(host).GetAsync("Patient/p1", None);

        Assert.True(answer.Ok);
        Assert.Equal(2, held.Arrived); // the held attempt and the retry
        Assert.False(held.IsOpen);
        Assert.Single(stub.Requests); // only the retry was answered (WireMock logs a request when it answers)
    }

    /// <summary>
    /// Every attempt is held, and the 200 ms attempt timeout with 10 retries would make 11 attempts; the 1 s total
    /// timeout must end the request first. Counted at the stub: fewer than 11 attempts arrived.
    /// </summary>
    [Fact]
    public async Task Get_EveryAttemptTimesOut_PartnerUnavailableWithinTheTotalTimeout()
    {
        const int maxRetries = 10;
        using var held = new StubGate();
        stub.Gate = held;
        stub.Get("Patient/p1", 200, new Patient { Id = "p1" });
        using var host = GatherHost.For(stub, l => (l.AttemptTimeout, l.TotalTimeout, l.MaxRetries) = (TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), maxRetries));

        var error = await Assert.ThrowsAsync<PartnerUnavailableException>(() => Fhir(host).GetAsync("Patient/p1", None));

        Assert.Contains("timed out", error.Message, StringComparison.Ordinal);
        // Not 1 + maxRetries: the total timeout cut the retries short. The lower bound is 0, not 1: on a loaded machine
        // the first 200 ms attempt can time out before the stub has even accepted the connection.
        Assert.InRange(held.Arrived, 0, maxRetries);
        Assert.Empty(stub.Requests); // nothing was answered
    }

    [Fact]
    public async Task Post_UnconditionalWrite_IsNeverRetried_ConditionalIs()
    {
        stub.Server.Given(Request.Create().WithPath("/fhir/Communication").UsingPost()).RespondWith(Response.Create().WithStatusCode(503));
        using var host = GatherHost.For(stub);
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient(PartnerHttp.ClientName("westbrook"));

        using var plain = await client.PostAsync(new Uri(stub.BaseUrl + "/Communication"), new StringContent("{}", Encoding.UTF8, "application/fhir+json"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, plain.StatusCode);
        Assert.Single(stub.Requests);

        using var conditional = new HttpRequestMessage(HttpMethod.Post, stub.BaseUrl + "/Communication") { Content = new StringContent("{}") };
        conditional.Headers.Add("If-None-Exist", "identifier=urn:x|1");
        using var retried = await client.SendAsync(conditional);
        Assert.Equal(1 + 4, stub.Requests.Count);
    }

    [Fact]
    public async Task Circuit_OpensAfterFailures_FailsFast_ThenClosesWhenThePartnerIsBack()
    {
        stub.Server.Given(Request.Create().WithPath("/fhir/Patient/p1").UsingGet()).AtPriority(10).RespondWith(Response.Create().WithStatusCode(500));
        using var host = GatherHost.For(stub, l => (l.MaxRetries, l.CircuitMinimumThroughput, l.CircuitBreakDuration) = (0, 2, TimeSpan.FromSeconds(1)));
        var fhir = Fhir(host);

        await Assert.ThrowsAsync<PartnerUnavailableException>(() => fhir.GetAsync("Patient/p1", None));
        await Assert.ThrowsAsync<PartnerUnavailableException>(() => fhir.GetAsync("Patient/p1", None));
        var open = await Assert.ThrowsAsync<PartnerUnavailableException>(() => fhir.GetAsync("Patient/p1", None));

        Assert.Contains("circuit is open", open.Message, StringComparison.Ordinal);
        Assert.Equal(2, stub.Requests.Count);

        stub.Server.Given(Request.Create().WithPath("/fhir/Patient/p1").UsingGet()).AtPriority(1).RespondWith(PartnerStub.Respond(200, new Patient { Id = "p1" }));
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        Assert.True((await fhir.GetAsync("Patient/p1", None)).Ok);
        Assert.True((await fhir.GetAsync("Patient/p1", None)).Ok);
        Assert.Equal(4, stub.Requests.Count);
    }

    /// <summary>
    /// The slow partner holds every request until the test opens its gate (its attempt timeout is minutes), and it
    /// is already holding one when the live partner's gather starts: the live gather completes while all three
    /// slow gathers are still waiting, then the slow ones complete once their partner answers.
    /// </summary>
    [Fact]
    public async Task Gather_DeadAndSlowPartners_NeverBlockAnother()
    {
        using var slow = new PartnerStub();
        using var held = new StubGate();
        slow.Gate = held;
        slow.Capability();
        slow.Batch(200, PartnerStub.BatchResponse([.. Enumerable.Repeat(("200 OK", (Resource?)PartnerStub.Searchset()), 5)]));
        stub.Capability();
        stub.Batch(200, PartnerStub.BatchResponse([.. Enumerable.Repeat(("200 OK", (Resource?)PartnerStub.Searchset()), 5)]));
        var options = new PartnersOptions
        {
            ["dead"] = GatherHost.Partner("http://127.0.0.1:9/fhir", "http://hospital.example.org/organization|NRCC"),
            ["slow"] = GatherHost.Partner(slow.BaseUrl, "http://hospital.example.org/organization|ROI",
                l => (l.AttemptTimeout, l.TotalTimeout, l.MaxConcurrency) = (TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5), 1)),
            ["westbrook"] = GatherHost.Partner(stub.BaseUrl),
        };
        using var host = new GatherHost(options);

        var slowGathers = Enumerable.Range(0, 3).Select(_ => host.Source.GatherAsync(Stages.Message("02"), None)).ToList();
        await held.WaitForArrivalsAsync(1); // the slow partner is holding a request
        var dead = host.Source.GatherAsync(Stages.Message("01"), None);
        var live = await host.Source.GatherAsync(Stages.Message("08"), None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Empty(live.Gaps);
        Assert.DoesNotContain(slowGathers, g => g.IsCompleted);
        await Assert.ThrowsAsync<PartnerUnavailableException>(() => dead);

        held.Open();
        var gathered = await Task.WhenAll(slowGathers).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.All(gathered, g => Assert.Empty(g.Gaps));
    }
}
