using BoneMets.Fhir.Service.Cli;
using BoneMets.Fhir.Store;
using Microsoft.Extensions.DependencyInjection;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.WriteBack;

/// <summary>A partner that rejects the write-back (422 with an OperationOutcome): parked with the reason; the CLI lists, retries, discards.</summary>
public sealed class ParkedDeliveryTests : IDisposable
{
    private readonly FakePartnerServer fake = new();

    public void Dispose() => fake.Dispose();

    [Fact]
    public async Task Rejected_ParkedWithTheReason_ListedThenRetriedFromTheCliAndDeliveredOnce()
    {
        fake.Faults.Enqueue(PartnerFault.Unprocessable);
        using var host = WriteBackHost.Start(fake);
        try
        {
            using var response = await host.PostMessageAsync(Samples.Referral("04-renal-humerus-pain-only.json"));
            var parked = Assert.Single(await WriteBackHost.SettledAsync(host));
            Assert.Equal(DeliveryStatus.Parked, parked.Status);
            Assert.Equal(0, fake.Count("Task"));

            using var listing = new StringWriter();
            Assert.Equal(0, await DeliveryCommands.RunAsync(["--parked", "--data", host.DataDirectory], listing, TextWriter.Null));
            Assert.Contains("1 parked delivery(ies)", listing.ToString(), StringComparison.Ordinal);
            Assert.Contains("seq  referral  partner  channel  state  attempts  last error", listing.ToString(), StringComparison.Ordinal);
            Assert.Contains($"#{parked.Sequence}  {parked.ReferralKey}  westbrook  fhir  parked  1  the partner answered 422: Error/BusinessRule",
                listing.ToString(), StringComparison.Ordinal);

            using var retried = new StringWriter();
            Assert.Equal(0, await DeliveryCommands.RunAsync(["retry", parked.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data", host.DataDirectory], retried, TextWriter.Null));
            var done = Assert.Single(await WriteBackHost.SettledAsync(host));

            Assert.Equal(DeliveryStatus.Done, done.Status);
            WriteBackHost.AssertExactlyOnce(fake);
        }
        finally
        {
            host.DeleteStore();
        }
    }

    [Fact]
    public async Task Discarded_ParkedDeliveryGivenUp_LaterChangesOfTheReferralFlow()
    {
        fake.Faults.Enqueue(PartnerFault.Unprocessable);
        using var host = WriteBackHost.Start(fake);
        try
        {
            using var response = await host.PostMessageAsync(Samples.Referral("04-renal-humerus-pain-only.json"));
            var parked = Assert.Single(await WriteBackHost.SettledAsync(host));
            await DeliveryTests.CommitTaskChangeAsync(host, Hl7.Fhir.Model.Task.TaskStatus.InProgress);
            var outbox = host.Services.GetRequiredService<IDeliveryOutbox>();
            Assert.Contains(await outbox.ListDeliveriesAsync(DeliveryStatus.Pending, CancellationToken.None), d => d.Sequence > parked.Sequence); // held behind the parked one

            var sequence = parked.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(2, await DeliveryCommands.RunAsync(["discard", sequence, "--data", host.DataDirectory], TextWriter.Null, TextWriter.Null)); // a reason is required
            Assert.Equal(0, await DeliveryCommands.RunAsync(["discard", sequence, "--reason", "sent by fax", "--data", host.DataDirectory], TextWriter.Null, TextWriter.Null));
            Assert.Equal(1, await DeliveryCommands.RunAsync(["discard", sequence, "--reason", "again", "--data", host.DataDirectory], TextWriter.Null, TextWriter.Null));
            var all = await WriteBackHost.SettledAsync(host, 2);

            Assert.Equal([DeliveryStatus.Discarded, DeliveryStatus.Done], all.Select(d => d.Status));
            Assert.Equal("discarded by operator: sent by fax", all[0].LastError);
            Assert.Equal(1, fake.Count("Task")); // the later change carried only the Task, created at the partner once
        }
        finally
        {
            host.DeleteStore();
        }
    }
}
