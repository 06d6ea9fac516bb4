using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Store;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.Pipeline;

/// <summary>Nothing lost, nothing duplicated: stop or crash the service mid-queue, start it again, count.</summary>
public sealed class RestartTests : IDisposable
{
    private readonly string data = Path.Combine(Path.GetTempPath(), "bonemets-restart-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task StopAfterIntake_RestartWithWorker_ProcessesEveryReferralExactlyOnce()
    {
        var tasks = new List<string>();
        using (var intakeOnly = new BoneMetsHost(data, worker: false))
        {
            foreach (var sample in Samples.Referrals)
            {
                using var response = await intakeOnly.PostMessageAsync(Samples.Referral(sample));
                tasks.Add(BoneMetsHost.AnnouncedTask((Bundle)await BoneMetsHost.ReadFhirAsync(response)));
            }

            var none = await intakeOnly.GetAsync<Bundle>("/fhir/Task?status=accepted");
            Assert.Equal(0, none.Total);
        }

        using var restarted = new BoneMetsHost(data);
        foreach (var task in tasks)
        {
            var written = await restarted.WaitForAsync<Hl7.Fhir.Model.Task>("/fhir/" + task);
            Assert.Equal(Hl7.Fhir.Model.Task.TaskStatus.Accepted, written.Status);
        }

        await AssertExactlyOneWriteBackPerReferral(restarted, tasks.Count);
    }

    [Fact]
    public async Task CrashBetweenTriageAndCommit_Restart_ProcessesEveryReferralExactlyOnce()
    {
        using (var intakeOnly = new BoneMetsHost(data, worker: false))
        {
            foreach (var sample in Samples.Referrals)
            {
                using var response = await intakeOnly.PostMessageAsync(Samples.Referral(sample));
                Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            }
        }

        // Three referrals commit; the worker dies at the fourth commit, after triage and planning (an
        // unexpected store failure stops the host, by design).
        var crashing = new CrashingInbox(crashOnCompletion: 4);
        using (var first = new BoneMetsHost(data, configure: s => s.Replace(ServiceDescriptor.Singleton<IReferralInbox>(sp =>
                   crashing.Wrap(sp.GetRequiredService<IDurableStore>())))))
        {
            try
            {
                using var client = first.CreateClient(); // starts the host
            }
            catch (ObjectDisposedException)
            {
                // the simulated crash stopped the host before the factory finished starting it
            }
            for (var i = 0; i < 200 && !crashing.Crashed; i++)
            {
                await Task.Delay(50);
            }

            Assert.True(crashing.Crashed);
        }

        using var restarted = new BoneMetsHost(data);
        await AssertExactlyOneWriteBackPerReferral(restarted, Samples.Referrals.Count());
    }

    private static async Task AssertExactlyOneWriteBackPerReferral(BoneMetsHost host, int referrals)
    {
        Bundle tasks = new();
        for (var i = 0; i < 600 && tasks.Total != referrals; i++)
        {
            tasks = await host.GetAsync<Bundle>("/fhir/Task?status=accepted&_count=100");
            await Task.Delay(50);
        }

        Assert.Equal(referrals, tasks.Total);
        Assert.Equal(referrals, (await host.GetAsync<Bundle>("/fhir/Appointment?_count=0")).Total);
        Assert.Equal(referrals, (await host.GetAsync<Bundle>("/fhir/RiskAssessment?_count=0")).Total);
        Assert.Equal(referrals, (await host.GetAsync<Bundle>("/fhir/Provenance?_count=0")).Total);
        foreach (var task in tasks.Entry.Select(e => (Hl7.Fhir.Model.Task)e.Resource))
        {
            var requests = await host.GetAsync<Bundle>($"/fhir/CommunicationRequest?based-on=Task/{task.Id}&_count=0");
            Assert.True(requests.Total >= 2, $"Task/{task.Id}: acknowledgement and outreach expected, found {requests.Total}");
        }

        // Acknowledgement + outreach + one request per missing input, as the (pure) triage decides for each sample.
        var expected = Samples.Referrals.Sum(sample => 2 + Samples.Triage(sample).Missing.Count);
        Assert.Equal(expected, (await host.GetAsync<Bundle>("/fhir/CommunicationRequest?_count=0")).Total);

        var inbox = host.Services.GetRequiredService<IReferralInbox>();
        Assert.Empty(await inbox.ListAsync(InboxStatus.Pending, CancellationToken.None));
        Assert.Empty(await inbox.ListAsync(InboxStatus.Parked, CancellationToken.None));
        Assert.Equal(referrals, (await inbox.ListAsync(InboxStatus.Done, CancellationToken.None)).Count);
    }

    /// <summary>Lets the real store commit until the Nth completion, which throws as a crashed process would.</summary>
    private sealed class CrashingInbox(int crashOnCompletion)
    {
        private readonly int crashAt = crashOnCompletion;
        private int completions;

        public bool Crashed { get; private set; }

        public IReferralInbox Wrap(IReferralInbox store) => new Inbox(store, this);

        private sealed class Inbox(IReferralInbox store, CrashingInbox owner) : IReferralInbox
        {
            public Task<AcceptResult> AcceptAsync(InboundMessage message, CancellationToken cancellationToken) => store.AcceptAsync(message, cancellationToken);

            public Task<InboxItem?> ClaimNextAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
                owner.Crashed ? Task.FromResult<InboxItem?>(null) : store.ClaimNextAsync(now, cancellationToken);

            public Task CompleteAsync(
                InboxItem item, IReadOnlyCollection<Resource> produced, DateTimeOffset now, CancellationToken cancellationToken, ResolvedRoute? resolved = null,
                IReadOnlyDictionary<string, int>? expected = null)
            {
                if (Interlocked.Increment(ref owner.completions) == owner.crashAt)
                {
                    owner.Crashed = true;
                    throw new IOException("Simulated crash between triage and commit.");
                }

                return store.CompleteAsync(item, produced, now, cancellationToken, resolved, expected);
            }

            public Task<StoreLease?> RenewAsync(InboxItem item, DateTimeOffset now, CancellationToken cancellationToken) => store.RenewAsync(item, now, cancellationToken);

            public Task FailAsync(InboxItem item, string reason, DateTimeOffset? retryAt, CancellationToken cancellationToken) => store.FailAsync(item, reason, retryAt, cancellationToken);

            public Task DeferAsync(InboxItem item, string reason, DateTimeOffset retryAt, CancellationToken cancellationToken) => store.DeferAsync(item, reason, retryAt, cancellationToken);

            public Task<IReadOnlyList<InboxItem>> ListAsync(InboxStatus status, CancellationToken cancellationToken) => store.ListAsync(status, cancellationToken);

            public Task<bool> RetryAsync(long sequence, CancellationToken cancellationToken) => store.RetryAsync(sequence, cancellationToken);

            public Task<int> ExpireMessageCacheAsync(DateTimeOffset now, CancellationToken cancellationToken) => store.ExpireMessageCacheAsync(now, cancellationToken);
        }
    }
}
