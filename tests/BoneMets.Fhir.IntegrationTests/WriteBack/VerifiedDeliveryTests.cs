using BoneMets.Fhir.Store;
using Microsoft.Extensions.DependencyInjection;
using Task = System.Threading.Tasks.Task;
using FhirTask = Hl7.Fhir.Model.Task;

namespace BoneMets.Fhir.IntegrationTests.WriteBack;

/// <summary>
/// Issue 19: a delivery is done only when the partner is seen to hold it. The two paths that lost updates — a 200
/// without locations, a genuine 412 whose re-read fails — and a server that accepts writes but keeps nothing.
/// </summary>
public sealed class VerifiedDeliveryTests : IDisposable
{
    private const string Sample = "04-renal-humerus-pain-only.json";
    private readonly FakePartnerServer fake = new();

    public void Dispose() => fake.Dispose();

    [Fact]
    public async Task OkWithoutLocations_LaterCancellation_ReachesThePartnersTask()
    {
        fake.Faults.Enqueue(PartnerFault.OkWithoutLocations);
        using var host = WriteBackHost.Start(fake);
        using var response = await host.PostMessageAsync(Samples.Referral(Sample));
        await WriteBackHost.SettledAsync(host);

        await DeliveryTests.CommitTaskChangeAsync(host, FhirTask.TaskStatus.Cancelled);
        var deliveries = await WriteBackHost.SettledAsync(host, 2);

        Assert.All(deliveries, d => Assert.Equal(DeliveryStatus.Done, d.Status));
        Assert.Equal(FhirTask.TaskStatus.Cancelled, Assert.Single(fake.All<FhirTask>()).Status);
        Assert.Equal(2, fake.VersionOf("Task")); // created, then updated by its id (not a conditional create that matched)
        WriteBackHost.AssertExactlyOnce(fake);
    }

    [Fact]
    public async Task ConflictThenReReadFails_Retried_OursAppliedAndTheirEditKept()
    {
        using var host = WriteBackHost.Start(fake);
        using var response = await host.PostMessageAsync(Samples.Referral(Sample));
        await WriteBackHost.SettledAsync(host);
        fake.Faults.Enqueue(PartnerFault.ConcurrentEditThenReadsFail);

        await DeliveryTests.CommitTaskChangeAsync(host, FhirTask.TaskStatus.Cancelled);
        var deliveries = await WriteBackHost.SettledAsync(host, 2);

        Assert.All(deliveries, d => Assert.Equal(DeliveryStatus.Done, d.Status));
        Assert.True(deliveries[1].Attempts >= 2, $"{deliveries[1].Attempts} attempts: the failed re-read was retried, not planned around");
        var task = Assert.Single(fake.All<FhirTask>());
        Assert.Equal(FhirTask.TaskStatus.Cancelled, task.Status);
        Assert.Contains(task.Note, n => n.Text == FakePartnerServer.ConcurrentNote);
        WriteBackHost.AssertExactlyOnce(fake);
    }

    [Fact]
    public async Task Conflict409_PartnerEditedTheTask_MergedAndApplied()
    {
        using var host = WriteBackHost.Start(fake);
        using var response = await host.PostMessageAsync(Samples.Referral(Sample));
        await WriteBackHost.SettledAsync(host);
        fake.Faults.Enqueue(PartnerFault.ConcurrentEditConflict);

        await DeliveryTests.CommitTaskChangeAsync(host, FhirTask.TaskStatus.Cancelled);
        var deliveries = await WriteBackHost.SettledAsync(host, 2);

        Assert.All(deliveries, d => Assert.Equal(DeliveryStatus.Done, d.Status));
        var task = Assert.Single(fake.All<FhirTask>());
        Assert.Equal(FhirTask.TaskStatus.Cancelled, task.Status);
        Assert.Contains(task.Note, n => n.Text == FakePartnerServer.ConcurrentNote);
    }

    [Fact]
    public async Task ReturnsRepresentation_Delivered_VerifiedWithoutReadingBack()
    {
        fake.ReturnsRepresentation = true;
        using var host = WriteBackHost.Start(fake);
        using var response = await host.PostMessageAsync(Samples.Referral(Sample));
        await WriteBackHost.SettledAsync(host);
        var seen = fake.Server.LogEntries.Count;

        await DeliveryTests.CommitTaskChangeAsync(host, FhirTask.TaskStatus.Cancelled);
        var deliveries = await WriteBackHost.SettledAsync(host, 2);

        Assert.All(deliveries, d => Assert.Equal(DeliveryStatus.Done, d.Status));
        // The Task is read before the update (a PUT replaces it whole), but nothing is read back after the transaction.
        var traffic = fake.Server.LogEntries.Skip(seen).Select(e => e.RequestMessage).ToList();
        var transaction = traffic.FindLastIndex(r => r.Method == "POST" && r.Path == "/fhir");
        Assert.True(transaction >= 0, "the update was sent");
        Assert.DoesNotContain(traffic.Skip(transaction + 1), r => r.Method == "GET" && r.Path.StartsWith("/fhir/Task", StringComparison.Ordinal));
        Assert.Equal(FhirTask.TaskStatus.Cancelled, Assert.Single(fake.All<FhirTask>()).Status);
    }

    [Fact]
    public async Task SwallowedWrites_NeverHeld_ParkedWithTheReasonNotDone()
    {
        fake.SwallowsWrites = true;
        using var host = WriteBackHost.Start(fake, extra: new Dictionary<string, string>
        {
            [$"Partners:{WriteBackHost.Partner}:WriteBack:MaxUnverifiedAttempts"] = "2",
        });
        using var response = await host.PostMessageAsync(Samples.Referral(Sample));

        var delivery = Assert.Single(await WriteBackHost.SettledAsync(host));

        Assert.Equal(DeliveryStatus.Parked, delivery.Status);
        Assert.StartsWith("the partner did not confirm", delivery.LastError, StringComparison.Ordinal);
        Assert.Equal(2, delivery.Attempts);
        Assert.Equal(0, fake.Count("Task"));
    }
}
