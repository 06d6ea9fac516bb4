using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Lifecycle;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Scheduling;
using BoneMets.Fhir.Store;
using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Tests.Lifecycle;
using BoneMets.Fhir.Tests.Scheduling;
using BoneMets.Fhir.Worklist;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using BoneMets.Fhir.Testing;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Tests.Worklist;

/// <summary>The coordinator's actions over the real store, lifecycle and outbox: the version check, idempotency, and one delivery per change.</summary>
public sealed class CoordinatorActionsTests : IAsyncLifetime
{
    private const string Thin = "08-prostate-thin-referral.json";
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly ServiceProvider http = new ServiceCollection().AddHttpClient().BuildServiceProvider();
    private readonly FhirTestServer stub = ClinicSchedule.Server();
    private LifecycleRig rig = null!;

    public async Task InitializeAsync()
    {
        rig = await LifecycleRig.OpenAsync();
        await rig.ReceiveAsync(Samples.Referral(LifecycleRig.Thoracic));
        await rig.ProcessAsync();
    }

    public Task DisposeAsync()
    {
        rig.Dispose();
        stub.Dispose();
        http.Dispose();
        return Task.CompletedTask;
    }

    private CoordinatorActions Actions(bool scheduling = false, IReferralChanges? changes = null, ReferralLocks? locks = null)
    {
        var options = scheduling
            ? new SchedulingOptions { BaseUrl = stub.BaseUrl, Schedules = CareTeams.All.ToDictionary(t => t, _ => ClinicSchedule.ScheduleId) }
            : new SchedulingOptions();
        var scheduler = new Scheduler(
            new SchedulingServer(http.GetRequiredService<IHttpClientFactory>(), options), options, rig.Records, rig.Temp.Store, rig.Temp.Store, rig.Locks, rig.Clock,
            NullLogger<Scheduler>.Instance);
        var reader = new WorklistReader(rig.Temp.Store, rig.Records, rig.Temp.Store, new ProgramOptions());
        return new CoordinatorActions(reader, rig.Records, locks ?? rig.Locks, changes ?? rig.Temp.Store, rig.Temp.Store, scheduler, options, rig.Clock);
    }

    private async Task<(string TaskId, int Version)> TaskAsync()
    {
        var id = (await rig.RecordAsync()).Task!.Id!;
        return (id, (await rig.Temp.Store.ReadAsync("Task", id, None))!.Version);
    }

    private ManualVisit Tomorrow => new(rig.Clock.GetUtcNow().AddDays(1), rig.Clock.GetUtcNow().AddDays(1).AddMinutes(30));

    [Fact]
    public async Task RecordOutreach_Twice_DoneThenAlreadyDoneOneChange()
    {
        var actions = Actions();
        var (task, version) = await TaskAsync();

        Assert.Equal(ActionOutcome.Done, await actions.RecordOutreachAsync(task, version, None));
        Assert.Equal(ActionOutcome.AlreadyDone, await actions.RecordOutreachAsync(task, version, None));

        Assert.Equal(["3.0", "3.0"], rig.TaskHistory(task)); // one new Task version: outreach has no BSeR status (ADR 0018)
        var record = await rig.RecordAsync();
        Assert.Equal(RequestStatus.Completed, record.Requests.Single(r => r.Id == WorklistRows.OutreachId(record.ReferralKey)).Status);
        Assert.Contains(record.Task!.Output, o => (o.Value as ResourceReference)?.Reference?.StartsWith("Communication/", StringComparison.Ordinal) == true);
        Assert.NotNull(await rig.Temp.Store.ReadAsync("Communication", DeterministicId.For(record.ReferralKey, "patient-outreach-done"), None));
    }

    [Fact]
    public async Task Close_FromAnOlderVersionOfTheTask_StaleAndNothingWritten()
    {
        var actions = Actions();
        var (task, version) = await TaskAsync();
        Assert.Equal(ActionOutcome.Done, await actions.RecordOutreachAsync(task, version, None));

        Assert.Equal(ActionOutcome.Stale, await actions.CloseAsync(task, version, "Patient moved away", None));

        Assert.Equal(["3.0", "3.0"], rig.TaskHistory(task));
    }

    [Fact]
    public async Task Close_AColleagueOnAnotherInstanceActsBetweenTheReadAndTheCommit_StaleAndOnlyTheirChangeWritten()
    {
        var (task, version) = await TaskAsync();
        var colleague = Actions(locks: new ReferralLocks()); // another instance: its own in-process lock
        var theirs = ActionOutcome.NotFound;
        var interleaved = new InterleavedChanges(rig.Temp.Store, CoordinatorActions.ClosedReason, async () =>
            theirs = await colleague.RecordOutreachAsync(task, version, None));

        var ours = await Actions(changes: interleaved).CloseAsync(task, version, "Patient moved away", None);

        Assert.Equal((ActionOutcome.Done, ActionOutcome.Stale), (theirs, ours));
        Assert.Equal(["3.0", "3.0"], rig.TaskHistory(task)); // the outreach only: the close was decided from the version before it
    }

    [Fact]
    public async Task Close_Accepted_CancelledWithTheReasonAndRequestsRevoked()
    {
        var (task, version) = await TaskAsync();

        Assert.Equal(ActionOutcome.Done, await Actions().CloseAsync(task, version, "Patient moved away", None));

        var record = await rig.RecordAsync();
        Assert.Equal(("6.0", Hl7.Fhir.Model.Task.TaskStatus.Cancelled, "Patient moved away"), (record.Status!.Code, record.Task!.Status!.Value, record.Task.StatusReason.Text));
        Assert.Equal(Appointment.AppointmentStatus.Cancelled, record.Appointment!.Status);
        Assert.Equal("Patient moved away", record.Appointment.CancelationReason.Text);
        Assert.DoesNotContain(record.Requests, r => r.Status == RequestStatus.Active && r.Id != DeterministicId.For(record.ReferralKey, "acknowledgement"));
        Assert.Equal(ActionOutcome.AlreadyDone, await Actions().CloseAsync(task, version + 1, "again", None));
    }

    [Fact]
    public async Task MissingDataReceived_OneRequest_CompletedOthersStayActive()
    {
        await rig.ReceiveAsync(Samples.Referral(Thin));
        await rig.ProcessAsync();
        var record = await rig.RecordAsync(Thin);
        var requests = WorklistRows.MissingDataRequests(record).ToList();
        Assert.True(requests.Count > 1, "the thin referral lacks several inputs");
        var task = record.Task!.Id!;
        var version = (await rig.Temp.Store.ReadAsync("Task", task, None))!.Version;

        Assert.Equal(ActionOutcome.Done, await Actions().MissingDataReceivedAsync(task, version, requests[0].Id!, None));
        Assert.Equal(ActionOutcome.AlreadyDone, await Actions().MissingDataReceivedAsync(task, version + 1, requests[0].Id!, None));

        var after = await rig.RecordAsync(Thin);
        Assert.Equal(RequestStatus.Completed, after.Requests.Single(r => r.Id == requests[0].Id).Status);
        Assert.Equal(requests.Count - 1, WorklistRows.MissingDataRequests(after).Count());
    }

    [Fact]
    public async Task BookByHand_DoubleClick_OneBooking()
    {
        var actions = Actions();
        var (task, version) = await TaskAsync();

        var outcomes = await Task.WhenAll(actions.BookByHandAsync(task, version, Tomorrow, None), actions.BookByHandAsync(task, version, Tomorrow, None));

        Assert.Equal([ActionOutcome.Done, ActionOutcome.AlreadyDone], outcomes.Order());
        var record = await rig.RecordAsync();
        Assert.Equal(("5.1.1", Appointment.AppointmentStatus.Booked), (record.Status!.Code, record.Appointment!.Status!.Value));
        Assert.Equal(Tomorrow.Start, record.Appointment.Start);
        Assert.Empty(record.Appointment.Slot);
        Assert.Equal(["3.0", "5.1.1"], rig.TaskHistory(task));
    }

    [Fact]
    public async Task BookVisit_SchedulingConfigured_EarliestSlotThroughTheScheduler()
    {
        stub.AddSlot("soon", rig.Clock.GetUtcNow().AddHours(3));
        stub.AddSlot("later", rig.Clock.GetUtcNow().AddHours(5));
        var actions = Actions(scheduling: true);
        var (task, version) = await TaskAsync();

        var outcomes = await Task.WhenAll(actions.BookVisitAsync(task, version, None), actions.BookVisitAsync(task, version, None));

        Assert.Contains(ActionOutcome.Done, outcomes);
        Assert.DoesNotContain(ActionOutcome.Stale, outcomes);
        Assert.Single(stub.Appointments(), a => a.Status == Appointment.AppointmentStatus.Booked);
        Assert.Equal(Slot.SlotStatus.Free, stub.SlotById("later").Status);
        var record = await rig.RecordAsync();
        Assert.Equal(("5.1.1", "Slot/soon"), (record.Status!.Code, record.Appointment!.Slot.Single().Reference));
        Assert.Equal(ActionOutcome.AlreadyDone, await actions.BookVisitAsync(task, version + 1, None));
    }

    [Fact]
    public async Task BookVisit_NoSlotBeforeTheDeadline_NoSlotAndStillProposed()
    {
        var (task, version) = await TaskAsync();

        Assert.Equal(ActionOutcome.NoSlot, await Actions(scheduling: true).BookVisitAsync(task, version, None));

        Assert.Equal(Appointment.AppointmentStatus.Proposed, (await rig.RecordAsync()).Appointment!.Status);
    }

    [Fact]
    public async Task BookVisit_StalePage_RefusedBeforeTheServerIsAsked()
    {
        stub.AddSlot("soon", rig.Clock.GetUtcNow().AddHours(3));
        var actions = Actions(scheduling: true);
        var (task, version) = await TaskAsync();
        Assert.Equal(ActionOutcome.Done, await actions.RecordOutreachAsync(task, version, None));
        var asked = stub.Received.Count;

        Assert.Equal(ActionOutcome.Stale, await actions.BookVisitAsync(task, version, None));

        Assert.Equal(asked, stub.Received.Count);
        Assert.Equal(Appointment.AppointmentStatus.Proposed, (await rig.RecordAsync()).Appointment!.Status);
    }

    [Fact]
    public async Task BookVisit_SchedulingOff_NoSlotSoTheCoordinatorBooksByHand()
    {
        var (task, version) = await TaskAsync();

        Assert.Equal(ActionOutcome.NoSlot, await Actions().BookVisitAsync(task, version, None));
    }

    [Fact]
    public async Task Actions_UnknownTask_NotFound()
    {
        Assert.Equal(ActionOutcome.NotFound, await Actions().RecordOutreachAsync("no-such-task", 1, None));
        Assert.Equal(ActionOutcome.NotFound, await Actions().BookVisitAsync("no-such-task", 1, None));
    }
}
