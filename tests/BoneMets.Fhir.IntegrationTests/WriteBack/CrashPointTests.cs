using BoneMets.Fhir.Store;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.WriteBack;

/// <summary>
/// The host stopped between each step and started again on the same store: the partner ends with exactly one of
/// each write-back resource, counted at the stub.
/// </summary>
public sealed class CrashPointTests : IDisposable
{
    private const string Sample = "01-breast-femur-impending-fracture.json";
    private readonly FakePartnerServer fake = new();
    private readonly string data = Path.Combine(Path.GetTempPath(), "bonemets-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        fake.Dispose();
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
    public async Task StoppedAfterIntake_Restarted_DeliveredOnce()
    {
        using (var intakeOnly = WriteBackHost.Start(fake, data, worker: false))
        {
            using var response = await intakeOnly.PostMessageAsync(Samples.Referral(Sample));
        }

        Assert.Equal(0, fake.Transactions);
        using var restarted = WriteBackHost.Start(fake, data);
        await WriteBackHost.SettledAsync(restarted);
        WriteBackHost.AssertExactlyOnce(fake);
    }

    [Fact]
    public async Task StoppedAfterTriageBeforeCommit_Restarted_DeliveredOnce()
    {
        var crash = new CrashOnComplete();
        using (var first = WriteBackHost.Start(fake, data, configure: s => s.Replace(ServiceDescriptor.Singleton<IReferralInbox>(sp => crash.Wrap(sp.GetRequiredService<IDurableStore>())))))
        {
            using var response = await first.PostMessageAsync(Samples.Referral(Sample));
            await WriteBackHost.UntilAsync(() => crash.Crashed, "the crash after triage");
        }

        Assert.Equal(0, fake.Transactions);
        using var restarted = WriteBackHost.Start(fake, data);
        await WriteBackHost.SettledAsync(restarted);
        WriteBackHost.AssertExactlyOnce(fake);
    }

    [Fact]
    public async Task StoppedAfterTheOutboxWrite_Restarted_DeliveredOnce()
    {
        using (var noDelivery = WriteBackHost.Start(fake, data, deliveryLoops: 0))
        {
            using var response = await noDelivery.PostMessageAsync(Samples.Referral(Sample));
            var outbox = noDelivery.Services.GetRequiredService<IDeliveryOutbox>();
            for (var i = 0; i < 600 && (await outbox.ListDeliveriesAsync(DeliveryStatus.Pending, CancellationToken.None)).Count == 0; i++)
            {
                await Task.Delay(50);
            }

            Assert.Single(await outbox.ListDeliveriesAsync(DeliveryStatus.Pending, CancellationToken.None));
        }

        Assert.Equal(0, fake.Transactions);
        using var restarted = WriteBackHost.Start(fake, data);
        await WriteBackHost.SettledAsync(restarted);
        WriteBackHost.AssertExactlyOnce(fake);
    }

    [Fact]
    public async Task StoppedAfterThePartnerCommittedBeforeItsResponse_Restarted_ResolvedWithoutDuplicates()
    {
        fake.Faults.Enqueue(PartnerFault.HangAfterCommit);
        using (var first = WriteBackHost.Start(fake, data, extra: new Dictionary<string, string>
        {
            [$"Partners:{WriteBackHost.Partner}:Limits:AttemptTimeout"] = "00:00:30",
            [$"Partners:{WriteBackHost.Partner}:Limits:TotalTimeout"] = "00:00:30",
        }))
        {
            using var response = await first.PostMessageAsync(Samples.Referral(Sample));
            await WriteBackHost.UntilAsync(() => fake.Commits == 1, "the partner's commit");
        }

        fake.Release();
        Assert.Equal(1, fake.Commits);
        using var restarted = WriteBackHost.Start(fake, data);
        var deliveries = await WriteBackHost.SettledAsync(restarted);

        Assert.Equal([DeliveryStatus.Done], deliveries.Select(d => d.Status));
        Assert.Equal(2, fake.Transactions); // sent again after the restart …
        WriteBackHost.AssertExactlyOnce(fake); // … and the conditional creates found what the first had made
    }

    /// <summary>Fails the first commit, as a crash between triage and the commit would leave it: nothing written.</summary>
    private sealed class CrashOnComplete
    {
        public bool Crashed { get; private set; }

        public IReferralInbox Wrap(IReferralInbox store) => new Inbox(store, this);

        private sealed class Inbox(IReferralInbox store, CrashOnComplete owner) : IReferralInbox
        {
            public Task<AcceptResult> AcceptAsync(InboundMessage message, CancellationToken cancellationToken) => store.AcceptAsync(message, cancellationToken);

            public Task<InboxItem?> ClaimNextAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
                owner.Crashed ? Task.FromResult<InboxItem?>(null) : store.ClaimNextAsync(now, cancellationToken);

            public Task CompleteAsync(
                InboxItem item, IReadOnlyCollection<Resource> produced, DateTimeOffset now, CancellationToken cancellationToken, ResolvedRoute? resolved = null,
                IReadOnlyDictionary<string, int>? expected = null)
            {
                owner.Crashed = true;
                throw new OperationCanceledException("the host stopped between triage and the commit");
            }

            public Task<StoreLease?> RenewAsync(InboxItem item, DateTimeOffset now, CancellationToken cancellationToken) => store.RenewAsync(item, now, cancellationToken);

            public Task FailAsync(InboxItem item, string reason, DateTimeOffset? retryAt, CancellationToken cancellationToken) => Task.CompletedTask;

            public Task DeferAsync(InboxItem item, string reason, DateTimeOffset retryAt, CancellationToken cancellationToken) => Task.CompletedTask;

            public Task<IReadOnlyList<InboxItem>> ListAsync(InboxStatus status, CancellationToken cancellationToken) => store.ListAsync(status, cancellationToken);

            public Task<bool> RetryAsync(long sequence, CancellationToken cancellationToken) => store.RetryAsync(sequence, cancellationToken);

            public Task<int> ExpireMessageCacheAsync(DateTimeOffset now, CancellationToken cancellationToken) => store.ExpireMessageCacheAsync(now, cancellationToken);
        }
    }
}
