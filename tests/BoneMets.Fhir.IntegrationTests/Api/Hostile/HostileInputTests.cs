using System.Net;
using System.Net.Http.Headers;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Store;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.Api.Hostile;

/// <summary>
/// The corpus through the real host (issue 14): every case its 4xx with an OperationOutcome, none a 5xx, a hang or a
/// dropped connection; and afterwards a good referral is still accepted and processed, with nothing else stored.
/// </summary>
public sealed class HostileInputTests : IClassFixture<HostileInputTests.Service>
{
    private readonly Service service;

    public HostileInputTests(Service service) => this.service = service;

    public sealed class Service : IDisposable
    {
        public CapturingSink Sink { get; } = new();

        public BoneMetsHost Host { get; }

        public Service() => Host = new BoneMetsHost(configure: s => s.AddSingleton<ILogEventSink>(Sink));

        public void Dispose()
        {
            Host.Dispose();
            Host.DeleteStore();
        }
    }

    [Fact]
    public void Corpus_HasAtLeast200Cases() => Assert.True(HostileCorpus.All.Count >= 200, $"{HostileCorpus.All.Count} cases");

    [Fact]
    public async Task HealthProbe_AcceptingOnlyText_StillAnswered()
    {
        using var client = service.Host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/health/live", UriKind.Relative));
        request.Headers.Accept.ParseAdd("text/plain");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // 406 is for the FHIR API only
    }

    [Theory]
    [MemberData(nameof(HostileCorpus.Names), MemberType = typeof(HostileCorpus))]
    public async Task Send_HostileCase_ExpectedStatusWithAnOperationOutcome(string name) =>
        await AssertAnsweredAsync(service.Host, HostileCorpus.Named(name));

    [Fact]
    public async Task SendCorpus_ThenGoodReferral_AcceptedAndProcessedAndNothingElseStored()
    {
        var sink = new CapturingSink();
        var host = new BoneMetsHost(configure: s => s.AddSingleton<ILogEventSink>(sink));
        try
        {
            foreach (var hostile in HostileCorpus.All)
            {
                await AssertAnsweredAsync(host, hostile);
            }

            using var response = await host.PostMessageAsync(Samples.AsNewReferral(Samples.Referral("02-prostate-thoracic-mscc.json")));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var reply = Assert.IsType<Bundle>(await BoneMetsHost.ReadFhirAsync(response));
            await host.WaitForAsync<Hl7.Fhir.Model.Task>("/fhir/" + BoneMetsHost.AnnouncedTask(reply));

            var inbox = host.Services.GetRequiredService<IReferralInbox>();
            var stored = new List<InboxItem>();
            foreach (var status in Enum.GetValues<InboxStatus>())
            {
                stored.AddRange(await inbox.ListAsync(status, CancellationToken.None));
            }

            Assert.Single(stored);
            Assert.DoesNotContain(sink.Events, e => e.Level >= LogEventLevel.Error || e.Exception is not null);
        }
        finally
        {
            host.Dispose();
            host.DeleteStore();
        }
    }

    private static async Task AssertAnsweredAsync(BoneMetsHost host, HostileCase hostile)
    {
        using var client = host.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(30); // a hang fails the case rather than the run
        using var request = Request(hostile);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(hostile.Status == (int)response.StatusCode, $"{hostile.Name}: expected {hostile.Status}, got {(int)response.StatusCode} {body[..Math.Min(body.Length, 400)]}");
        Assert.StartsWith("application/fhir+json", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        var answer = FhirJson.ParseResource(body);
        var outcome = answer as OperationOutcome ?? (answer as Bundle)?.Entry.Select(e => e.Resource).OfType<OperationOutcome>().SingleOrDefault();
        Assert.True(outcome is { Issue.Count: > 0 }, $"{hostile.Name}: no OperationOutcome in {answer.TypeName}");
        Assert.All(outcome.Issue, i => Assert.Equal(OperationOutcome.IssueSeverity.Error, i.Severity));
        if (hostile.Expression is { } expression)
        {
            Assert.True(outcome.Issue.Any(i => i.Expression.Any(e => e.Contains(expression, StringComparison.Ordinal))),
                $"{hostile.Name}: no issue at {expression}: {string.Join("; ", outcome.Issue.SelectMany(i => i.Expression))}");
        }

        if (hostile.Allow is { } allow)
        {
            Assert.Equal(allow, response.Content.Headers.Allow.Count > 0 ? string.Join(", ", response.Content.Headers.Allow) : response.Headers.GetValues("Allow").Single());
        }
    }

    private static HttpRequestMessage Request(HostileCase hostile)
    {
        var request = new HttpRequestMessage(new HttpMethod(hostile.Method), new Uri(hostile.Path, UriKind.Relative));
        if (hostile.Body is { } bytes)
        {
            request.Content = hostile.Chunked ? new ChunkedContent(bytes) : new ByteArrayContent(bytes);
            if (hostile.ContentType is { } type)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
            }
        }

        foreach (var (name, value) in hostile.Headers ?? new Dictionary<string, string>())
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }

    /// <summary>A body without Content-Length, as an engine streaming a message sends it.</summary>
    private sealed class ChunkedContent(byte[] body) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(body).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
