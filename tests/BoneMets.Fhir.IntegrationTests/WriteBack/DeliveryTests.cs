using System.Net;
using BoneMets.Fhir.Store;
using BoneMets.Fhir.Terminology;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Task = System.Threading.Tasks.Task;
using BoneMets.Fhir.Partners;

namespace BoneMets.Fhir.IntegrationTests.WriteBack;

/// <summary>A processed referral reaches the partner's FHIR server once, whatever is thrown at the delivery.</summary>
public sealed class DeliveryTests : IDisposable
{
    private const string Sample = "04-renal-humerus-pain-only.json";
    private readonly FakePartnerServer fake = new();

    public void Dispose() => fake.Dispose();

    [Fact]
    public async Task Delivery_ProcessedReferral_EachWriteBackResourceOnceWithTheProgramsIdentifier()
    {
        // The partner holds the patient under its own id, not the message's (an interface engine's), and refuses references it cannot resolve.
        var patient = BoneMets.Fhir.Fhir.FhirJson.Parse<Bundle>(Samples.Referral(Sample)).Entry.Select(e => e.Resource).OfType<Patient>().Single();
        fake.Hold(new Patient { Id = "ehr-patient-7", Identifier = [patient.Identifier[0]] });
        fake.EnforcesReferences = true;
        using var host = WriteBackHost.Start(fake);
        using var response = await host.PostMessageAsync(Samples.Referral(Sample));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var deliveries = await WriteBackHost.SettledAsync(host);

        Assert.Equal([DeliveryStatus.Done], deliveries.Select(d => d.Status));
        WriteBackHost.AssertExactlyOnce(fake);
        Assert.Equal(1, fake.Transactions);
        var task = Assert.Single(fake.All<Hl7.Fhir.Model.Task>());
        Assert.Contains(task.Identifier, i => i.System == CodeSystems.ReferralIdentifier);
        Assert.All(fake.All<CommunicationRequest>(), c => Assert.Contains(c.Identifier, i => i.System == CodeSystems.WriteBackIdentifier));
        // The referral's patient is the partner's own: its id there (found by identifier), and its identifier along with it.
        Assert.Equal("Patient/ehr-patient-7", task.For.Reference);
        Assert.Equal(patient.Identifier[0].Value, task.For.Identifier?.Value);
        // In-transaction references were resolved by the partner to its own ids.
        var acknowledgement = fake.All<CommunicationRequest>().First(c => c.BasedOn.Any(b => b.Reference?.StartsWith("Task/", StringComparison.Ordinal) == true));
        Assert.Equal($"Task/{task.Id}", acknowledgement.BasedOn.Single(b => b.Reference?.StartsWith("Task/", StringComparison.Ordinal) == true).Reference);
    }

    [Fact]
    public async Task Delivery_PatientNotHeldByAnEnforcingPartner_LogicalReferenceAccepted()
    {
        fake.EnforcesReferences = true;
        using var host = WriteBackHost.Start(fake);
        using var response = await host.PostMessageAsync(Samples.Referral(Sample));

        var deliveries = await WriteBackHost.SettledAsync(host);

        Assert.True(deliveries.Single().Status == DeliveryStatus.Done, deliveries.Single().LastError);
        var task = Assert.Single(fake.All<Hl7.Fhir.Model.Task>());
        Assert.Null(task.For.Reference); // not the message's id, which this server never held
        Assert.NotNull(task.For.Identifier?.Value);
    }

    [Fact]
    public async Task DuplicateStorm_SameMessage20TimesConcurrently_OneDeliveryAndOneOfEach()
    {
        using var host = WriteBackHost.Start(fake);
        var message = Samples.Referral(Sample);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => host.PostMessageAsync(message)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var deliveries = await WriteBackHost.SettledAsync(host);
        Assert.Single(deliveries);
        WriteBackHost.AssertExactlyOnce(fake);
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    [Fact]
    public async Task ManyReferrals_EachSentTwiceAsNewMessagesWithFaults_OneOfEachPerReferralAndTheResendNoChange()
    {
        foreach (var fault in new[] { PartnerFault.ServerError, PartnerFault.DropAfterCommit, PartnerFault.TooManyRequests })
        {
            fake.Faults.Enqueue(fault);
        }

        using var host = WriteBackHost.Start(fake);
        var referrals = Samples.Referrals.Select(name => Samples.AsNewReferral(Samples.Referral(name))).ToList();

        var first = await Task.WhenAll(referrals.Select(r => host.PostMessageAsync(r)));
        await WriteBackHost.SettledAsync(host, referrals.Count);
        var again = await Task.WhenAll(referrals.Select(r => host.PostMessageAsync(Samples.WithNewMessageIds(r))));
        await Subscriptions.SubscriptionHost.UntilAsync(async () =>
            (await host.Services.GetRequiredService<IReferralInbox>().ListAsync(InboxStatus.Done, CancellationToken.None)).Count == 2 * referrals.Count,
            "the resent messages processed");
        var deliveries = await WriteBackHost.SettledAsync(host, referrals.Count);

        // The resend is the same referral at the same version (ADR 13): processed once, so nothing changed and nothing
        // more goes to the partner — one of each per referral, each at its first version.
        Assert.Equal(referrals.Count, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal(DeliveryStatus.Done, d.Status));
        Assert.Empty(fake.Duplicates());
        Assert.Equal(referrals.Count, fake.Count("Task"));
        Assert.Equal(referrals.Count, fake.Count("Appointment"));
        Assert.All(fake.All<Hl7.Fhir.Model.Task>(), t => Assert.Equal("1", t.Meta.VersionId));
        foreach (var answer in first.Concat(again))
        {
            answer.Dispose();
        }
    }

    [Theory]
    [InlineData(PartnerFault.ServerError, 3)]
    [InlineData(PartnerFault.TooManyRequests, 3)]
    [InlineData(PartnerFault.DropAfterCommit, 1)] // the cut-off answer is not trusted: the entries are looked up by identifier
    [InlineData(PartnerFault.SlowAfterCommit, 3)]
    public async Task Faults_TransientOrLostResponse_DeliveredOnceWithoutDuplicates(PartnerFault fault, int transactions)
    {
        fake.Faults.Enqueue(fault);
        fake.Faults.Enqueue(fault);
        using var host = WriteBackHost.Start(fake);
        using var response = await host.PostMessageAsync(Samples.Referral(Sample));

        var deliveries = await WriteBackHost.SettledAsync(host);

        Assert.Equal([DeliveryStatus.Done], deliveries.Select(d => d.Status));
        Assert.True(fake.Transactions >= transactions, $"{fake.Transactions} transactions: the faults were met");
        WriteBackHost.AssertExactlyOnce(fake);
    }

    [Fact]
    public async Task Conflict_PartnerEditedTheTask_ReReadMergedAndUpdatedOnce()
    {
        using var host = WriteBackHost.Start(fake);
        using var response = await host.PostMessageAsync(Samples.Referral(Sample));
        await WriteBackHost.SettledAsync(host);
        fake.EditAtPartner("Task", t => t["note"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["text"] = "seen by the ward" }));

        await CommitTaskChangeAsync(host, Hl7.Fhir.Model.Task.TaskStatus.InProgress);
        var deliveries = await WriteBackHost.SettledAsync(host, 2);

        Assert.All(deliveries, d => Assert.Equal(DeliveryStatus.Done, d.Status));
        var task = Assert.Single(fake.All<Hl7.Fhir.Model.Task>());
        Assert.Equal(Hl7.Fhir.Model.Task.TaskStatus.InProgress, task.Status); // ours
        Assert.Equal("seen by the ward", Assert.Single(task.Note).Text); // theirs kept
        Assert.Equal(3, fake.VersionOf("Task")); // created, their edit, our merged update
        WriteBackHost.AssertExactlyOnce(fake);
    }

    [Fact]
    public async Task LostUpdateResponse_RetryConflicts_ReReadShowsItAppliedAndNothingIsWrittenAgain()
    {
        using var host = WriteBackHost.Start(fake);
        using var response = await host.PostMessageAsync(Samples.Referral(Sample));
        await WriteBackHost.SettledAsync(host);
        fake.Faults.Enqueue(PartnerFault.DropAfterCommit);

        await CommitTaskChangeAsync(host, Hl7.Fhir.Model.Task.TaskStatus.InProgress);
        var deliveries = await WriteBackHost.SettledAsync(host, 2);

        Assert.All(deliveries, d => Assert.Equal(DeliveryStatus.Done, d.Status));
        Assert.Equal(2, fake.VersionOf("Task")); // the update once, not again after the lost response
        Assert.Equal(Hl7.Fhir.Model.Task.TaskStatus.InProgress, Assert.Single(fake.All<Hl7.Fhir.Model.Task>()).Status);
        WriteBackHost.AssertExactlyOnce(fake);
    }

    [Fact]
    public async Task Conflict_TaskDeletedAtThePartner_ParkedWithTheReasonNotCreatedAgain()
    {
        using var host = WriteBackHost.Start(fake);
        using var response = await host.PostMessageAsync(Samples.Referral(Sample));
        await WriteBackHost.SettledAsync(host);
        fake.DeleteAtPartner("Task");

        await CommitTaskChangeAsync(host, Hl7.Fhir.Model.Task.TaskStatus.InProgress);
        var deliveries = await WriteBackHost.SettledAsync(host, 2);

        // A deletion at the partner is their decision: the change is not silently re-created (nor reported done).
        var parked = Assert.Single(deliveries, d => d.Status == DeliveryStatus.Parked);
        Assert.Contains("gone at the partner", parked.LastError, StringComparison.Ordinal);
        Assert.Equal(0, fake.Count("Task"));
    }

    [Fact]
    public async Task UnchangedChange_CommittedAgain_QueuesNoDelivery()
    {
        using var host = WriteBackHost.Start(fake);
        using var response = await host.PostMessageAsync(Samples.Referral(Sample));
        await WriteBackHost.SettledAsync(host);

        var task = await StoredTaskAsync(host);
        await host.Services.GetRequiredService<IReferralChanges>().CommitChangeAsync(
            new ReferralChange(await KeyAsync(host), "nothing new", [task]), DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Single(await host.Services.GetRequiredService<IDeliveryOutbox>().ListDeliveriesAsync(null, CancellationToken.None));
    }

    [Fact]
    public void Startup_WriteBackEnabledWithTheLoopbackPublicBaseUrl_StopsWithTheReason()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"Partners:{WriteBackHost.Partner}:BaseUrl"] = fake.BaseUrl,
            [$"Partners:{WriteBackHost.Partner}:WriteBack:Enabled"] = "true",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddBoneMetsPipeline(configuration).BuildServiceProvider();

        var refused = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => services.GetRequiredService<Microsoft.Extensions.Options.IOptions<BoneMets.Fhir.Partners.PartnersOptions>>().Value);

        Assert.Contains("Program:PublicBaseUrl is a loopback address", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Intake_SenderMatchingNoPartner_LoggedCountedAndShownToOperators()
    {
        using var host = new BoneMetsHost(settings: new Dictionary<string, string> { ["Partners:westbrook:BaseUrl"] = fake.BaseUrl });
        using var response = await host.PostMessageAsync(Samples.Referral(Sample));
        Assert.True(response.IsSuccessStatusCode);

        Assert.Equal(1, await host.Services.GetRequiredService<IDeliveryOutbox>().CountUnmatchedAsync(CancellationToken.None));
        using var listing = new StringWriter();
        Assert.Equal(0, await BoneMets.Fhir.Service.Cli.DeliveryCommands.RunAsync(["--data", host.DataDirectory], listing, TextWriter.Null));
        Assert.Contains("1 referral(s) from senders matching no partner: no write-back (log event 2051)", listing.ToString(), StringComparison.Ordinal);
        host.DeleteStore();
    }

    [Fact]
    public async Task WriteBackDisabled_PartnerGatheredFrom_NothingDeliveredOrQueued()
    {
        using var host = WriteBackHost.Start(fake, extra: new Dictionary<string, string> { [$"Partners:{WriteBackHost.Partner}:WriteBack:Enabled"] = "false" });
        using var response = await host.PostMessageAsync(Samples.Referral(Sample));
        await host.WaitForAsync<Hl7.Fhir.Model.Task>("/fhir/" + BoneMetsHost.AnnouncedTask((Bundle)await BoneMetsHost.ReadFhirAsync(response)));

        Assert.Empty(await host.Services.GetRequiredService<IDeliveryOutbox>().ListDeliveriesAsync(null, CancellationToken.None));
        Assert.Equal(0, fake.Transactions);
        Assert.Contains(fake.Server.LogEntries, e => e.RequestMessage.Path == "/fhir/metadata"); // still gathered from
    }

    [Fact]
    public async Task ChangeWithoutTheProgramsIdentifier_CannotBeDelivered_ParkedWithTheReasonNotCrashed()
    {
        using var host = WriteBackHost.Start(fake);
        using var response = await host.PostMessageAsync(Samples.Referral(Sample));
        await WriteBackHost.SettledAsync(host);
        var stray = new CommunicationRequest { Id = "no-identifier", Status = RequestStatus.Active };

        await host.Services.GetRequiredService<IReferralChanges>().CommitChangeAsync(
            new ReferralChange(await KeyAsync(host), "escalation", [stray]), DateTimeOffset.UtcNow, CancellationToken.None);
        var deliveries = await WriteBackHost.SettledAsync(host, 2);

        Assert.Equal([DeliveryStatus.Done, DeliveryStatus.Parked], deliveries.Select(d => d.Status));
        Assert.StartsWith("InvalidOperationException: CommunicationRequest/no-identifier carries no", deliveries[1].LastError, StringComparison.Ordinal);
        WriteBackHost.AssertExactlyOnce(fake); // and the service is still running: it answered the read above
    }

    /// <summary>What the lifecycle does: a later change to the Task, committed through the seam.</summary>
    internal static async Task CommitTaskChangeAsync(BoneMetsHost host, Hl7.Fhir.Model.Task.TaskStatus status)
    {
        var task = await StoredTaskAsync(host);
        task.Status = status;
        await host.Services.GetRequiredService<IReferralChanges>().CommitChangeAsync(
            new ReferralChange(await KeyAsync(host), "task " + status, [task]), DateTimeOffset.UtcNow, CancellationToken.None);
    }

    private static async Task<Hl7.Fhir.Model.Task> StoredTaskAsync(BoneMetsHost host)
    {
        var tasks = await host.GetAsync<Bundle>("/fhir/Task?identifier=" + CodeSystems.ReferralIdentifier + "|");
        return tasks.Entry.Select(e => e.Resource).OfType<Hl7.Fhir.Model.Task>().Single();
    }

    private static async Task<string> KeyAsync(BoneMetsHost host) =>
        (await host.Services.GetRequiredService<IDeliveryOutbox>().ListDeliveriesAsync(null, CancellationToken.None))[0].ReferralKey;
}
