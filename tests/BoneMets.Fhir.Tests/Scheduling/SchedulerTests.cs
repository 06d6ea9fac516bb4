using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Lifecycle;
using BoneMets.Fhir.Tests.Lifecycle;
using Hl7.Fhir.Model;
using BoneMets.Fhir.Testing;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Tests.Scheduling;

/// <summary>Booking against the clinic's scheduling server (a FhirTestServer): earliest slot, version conflicts, races with cancellation, escalation.</summary>
public sealed class SchedulerTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly FhirTestServer stub = ClinicSchedule.Server(pageSize: 2);
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
        return Task.CompletedTask;
    }

    private async Task<DateTimeOffset> DeadlineAsync() =>
        (await rig.RecordAsync()).Appointment!.RequestedPeriod[0].EndElement!.ToDateTimeOffset(TimeSpan.Zero)!;

    /// <summary>Slots at the given hours from now (ids "h{hours}").</summary>
    private void Slots(params double[] hours)
    {
        foreach (var h in hours)
        {
            stub.AddSlot($"h{h}", rig.Clock.GetUtcNow().AddHours(h));
        }
    }

    private int BookedOn(string slotId) => stub.Appointments().Count(a => a.Status == Appointment.AppointmentStatus.Booked && a.Slot.Any(s => s.Reference == $"Slot/{slotId}"));

    [Fact]
    public async Task RunOnce_FreeSlotsAcrossPages_EarliestBeforeDeadlineBookedAndCommittedLocally()
    {
        var deadline = await DeadlineAsync();
        var hoursToDeadline = (deadline - rig.Clock.GetUtcNow()).TotalHours;
        Slots(hoursToDeadline + 1, 6, 3, 4, 5);

        await rig.Scheduler(stub).RunOnceAsync(None);

        Assert.Equal(Slot.SlotStatus.Busy, stub.SlotById("h3").Status);
        Assert.Equal(1, BookedOn("h3"));
        var record = await rig.RecordAsync();
        Assert.Equal(("5.1.1", Appointment.AppointmentStatus.Booked, "Slot/h3"),
            (record.Status!.Code, record.Appointment!.Status!.Value, record.Appointment.Slot.Single().Reference));
        Assert.Equal(RequestStatus.Active, record.ServiceRequest!.Status);
        Assert.Equal(["3.0", "5.1.1"], rig.TaskHistory(record.Task!.Id!));
        // Round trips: is it booked already? (1), the first page of slots (1), the transaction (1), its outcome yet? (1).
        Assert.Equal(4, stub.Received.Count);
    }

    [Fact]
    public async Task RunOnce_SlotTakenMeanwhile_412ThenNextSlot()
    {
        Slots(3, 4);
        var first = true;
        var racing = rig.Scheduler(stub);
        // Another client takes h3 between our search and our transaction.
        stub.DuringCreatingTransaction = () =>
        {
            if (first)
            {
                first = false;
                TakeElsewhere("h3");
            }
        };

        await racing.RunOnceAsync(None);

        Assert.Equal(1, stub.AnsweredWith(412));
        Assert.Equal(0, BookedOn("h3"));
        Assert.Equal(1, BookedOn("h4"));
        Assert.Equal("Slot/h4", (await rig.RecordAsync()).Appointment!.Slot.Single().Reference);
    }

    /// <summary>Bumps a Slot's version as another booking client would.</summary>
    private void TakeElsewhere(string slotId)
    {
        var slot = stub.SlotById(slotId);
        var transaction = new Bundle
        {
            Type = Bundle.BundleType.Transaction,
            Entry = [new Bundle.EntryComponent
            {
                Resource = new Slot { Id = slotId, Schedule = slot.Schedule, Status = Slot.SlotStatus.Busy, Start = slot.Start, End = slot.End },
                Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"Slot/{slotId}", IfMatch = "W/\"1\"" },
            }],
        };
        using var client = new HttpClient();
        using var content = new StringContent(FhirJson.Serialize(transaction));
        client.PostAsync(new Uri(stub.BaseUrl), content).GetAwaiter().GetResult().EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task RunOnce_ConcurrentSchedulers_NoSlotBookedTwiceAndOneAppointmentPerReferral()
    {
        foreach (var sample in Samples.ReferralNames().Where(n => n != LifecycleRig.Thoracic).Take(5))
        {
            await rig.ReceiveAsync(Samples.Referral(sample));
        }

        await rig.ProcessAsync();
        Slots(1, 2, 3, 4, 5, 6, 7, 8);
        // Separate locks: as if each scheduler ran in its own process.
        var schedulers = Enumerable.Range(0, 4).Select(_ => rig.Scheduler(stub, locks: new ReferralLocks())).ToList();

        await Task.WhenAll(schedulers.Select(s => Task.Run(() => s.RunOnceAsync(None))));

        var booked = stub.Appointments().Where(a => a.Status == Appointment.AppointmentStatus.Booked).ToList();
        Assert.Equal(6, booked.Count);
        Assert.Equal(6, booked.Select(a => a.Identifier.Single().Value).Distinct().Count());
        Assert.Equal(6, booked.Select(a => a.Slot.Single().Reference).Distinct().Count());
        Assert.Equal(6, Enumerable.Range(1, 8).Count(h => stub.SlotById($"h{h}").Status == Slot.SlotStatus.Busy));
        var local = await rig.Records.SearchAsync<Appointment>("Appointment", "status", "booked", None);
        Assert.Equal(booked.Select(a => a.Slot.Single().Reference).Order(), local.Select(a => a.Slot.Single().Reference).Order());
    }

    [Fact]
    public async Task RunOnce_CancelledBeforeBooking_NothingBooked()
    {
        Slots(3);
        await rig.ReceiveAsync(LifecycleRig.Cancellation());
        await rig.ProcessAsync();

        await rig.Scheduler(stub).RunOnceAsync(None);

        Assert.Equal(0, stub.Commits);
        Assert.Empty(stub.Appointments());
        Assert.Equal(["3.0", "6.0"], rig.TaskHistory((await rig.RecordAsync()).Task!.Id!));
    }

    [Fact]
    public async Task RunOnce_CancelledDuringBooking_BookingReleasedAndNeverScheduledLocally()
    {
        Slots(3);
        stub.DuringCreatingTransaction = () =>
        {
            stub.DuringCreatingTransaction = null;
            rig.ReceiveAsync(LifecycleRig.Cancellation()).GetAwaiter().GetResult();
            rig.ProcessAsync().GetAwaiter().GetResult();
        };

        await rig.Scheduler(stub).RunOnceAsync(None);

        Assert.Equal(Appointment.AppointmentStatus.Cancelled, stub.Appointments().Single().Status);
        Assert.Equal(Slot.SlotStatus.Free, stub.SlotById("h3").Status);
        var record = await rig.RecordAsync();
        Assert.Equal(Appointment.AppointmentStatus.Cancelled, record.Appointment!.Status);
        Assert.Equal(["3.0", "6.0"], rig.TaskHistory(record.Task!.Id!));
    }

    [Fact]
    public async Task RunOnce_CancellationRecordedButNotYetAppliedAtCommit_BookingReleasedNothingBookedLocally()
    {
        Slots(3);
        // The cancellation's worker has recorded it and waits for the referral's lock: the commit must see it.
        stub.DuringCreatingTransaction = () =>
        {
            stub.DuringCreatingTransaction = null;
            rig.Temp.Store.RecordCancellationAsync(LifecycleRig.KeyOf(LifecycleRig.Thoracic), rig.Clock.GetUtcNow(), rig.Clock.GetUtcNow(), None).GetAwaiter().GetResult();
        };

        await rig.Scheduler(stub).RunOnceAsync(None);

        Assert.Equal(Appointment.AppointmentStatus.Cancelled, stub.Appointments().Single().Status);
        Assert.Equal(Slot.SlotStatus.Free, stub.SlotById("h3").Status);
        var record = await rig.RecordAsync();
        Assert.Equal(["3.0"], rig.TaskHistory(record.Task!.Id!));
        Assert.Equal(Appointment.AppointmentStatus.Proposed, record.Appointment!.Status);
    }

    [Fact]
    public async Task RunOnce_CancelledAfterBooking_SlotFreedOnceAndEachStatusOnce()
    {
        Slots(3);
        var scheduler = rig.Scheduler(stub);
        await scheduler.RunOnceAsync(None);

        await rig.ReceiveAsync(LifecycleRig.Cancellation());
        await rig.ProcessAsync();
        await scheduler.RunOnceAsync(None);
        await scheduler.RunOnceAsync(None);

        Assert.Equal(Slot.SlotStatus.Free, stub.SlotById("h3").Status);
        Assert.Equal(Appointment.AppointmentStatus.Cancelled, stub.Appointments().Single().Status);
        Assert.Equal(2, stub.Commits); // one booking, one release
        var record = await rig.RecordAsync();
        Assert.Equal(["3.0", "5.1.1", "6.0"], rig.TaskHistory(record.Task!.Id!));
        Assert.Empty(await rig.Records.SearchAsync<Appointment>("Appointment", "status", "proposed", None));
    }

    [Fact]
    public async Task RunOnce_ResponseLostAfterCommit_RetryAdoptsTheBookingWithoutASecond()
    {
        Slots(3, 4);
        var appointment = (await rig.RecordAsync()).Appointment!;
        // The first booking committed on the server but the service never heard: book it there directly.
        var server = new BoneMets.Fhir.Scheduling.SchedulingServer(new SingleClientFactory(), new BoneMets.Fhir.Scheduling.SchedulingOptions { BaseUrl = stub.BaseUrl });
        Assert.IsType<BoneMets.Fhir.Scheduling.BookResult.Booked>(await server.BookAsync(stub.SlotById("h3"), appointment, None));

        await rig.Scheduler(stub).RunOnceAsync(None);

        Assert.Single(stub.Appointments());
        Assert.Equal(Slot.SlotStatus.Free, stub.SlotById("h4").Status);
        Assert.Equal("Slot/h3", (await rig.RecordAsync()).Appointment!.Slot.Single().Reference);
    }

    [Fact]
    public async Task RunOnce_ServerCommittedThenAnswered500_NextPassAdoptsTheBookingNothingDuplicated()
    {
        Slots(3, 4);
        stub.Inject(Fault.FailAfterServing(), FhirTestServer.On(FhirInteraction.Transaction));
        var scheduler = rig.Scheduler(stub);

        await scheduler.RunOnceAsync(None);
        Assert.Equal(Appointment.AppointmentStatus.Proposed, (await rig.RecordAsync()).Appointment!.Status);
        await scheduler.RunOnceAsync(None);

        Assert.Single(stub.Appointments());
        Assert.Equal((Slot.SlotStatus.Busy, Slot.SlotStatus.Free), (stub.SlotById("h3").Status, stub.SlotById("h4").Status));
        var record = await rig.RecordAsync();
        Assert.Equal("Slot/h3", record.Appointment!.Slot.Single().Reference);
        Assert.Equal(["3.0", "5.1.1"], rig.TaskHistory(record.Task!.Id!));
    }

    [Fact]
    public async Task RunOnce_NoSlotBeforeDeadline_StaysProposedAndCoordinatorToldOnce()
    {
        var deadline = await DeadlineAsync();
        stub.AddSlot("late", deadline.AddHours(2));
        var scheduler = rig.Scheduler(stub, o => o.EscalationLead = TimeSpan.Zero);

        for (var pass = 0; pass < 3; pass++)
        {
            await scheduler.RunOnceAsync(None);
            rig.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var record = await rig.RecordAsync();
        Assert.Equal(Appointment.AppointmentStatus.Proposed, record.Appointment!.Status);
        var noSlot = DeterministicId.For(record.ReferralKey, Escalations.Role(EscalationKind.NoSlot));
        Assert.Equal(1, (await rig.Temp.Store.ReadAsync("CommunicationRequest", noSlot, None))!.Version);
        Assert.Contains(record.Requests, r => r.Id == noSlot);
    }

    [Fact]
    public async Task RunOnce_DeadlineNearUnbooked_EscalatedExactlyOnceAcrossPassesAndRestart()
    {
        var deadline = await DeadlineAsync();
        var scheduler = rig.Scheduler(stub, o => o.EscalationLead = TimeSpan.FromHours(6));
        var escalation = DeterministicId.For(LifecycleRig.KeyOf(LifecycleRig.Thoracic), Escalations.Role(EscalationKind.DeadlineApproaching));

        await scheduler.RunOnceAsync(None);
        Assert.Null(await rig.Temp.Store.ReadAsync("CommunicationRequest", escalation, None));

        rig.Clock.SetUtcNow(deadline.AddHours(-5));
        await scheduler.RunOnceAsync(None);
        await scheduler.RunOnceAsync(None);
        await rig.Temp.OpenAnotherAsync(); // a restart: a new store on the same file, new scheduler
        rig.Clock.Advance(TimeSpan.FromHours(1));
        await rig.Scheduler(stub, o => o.EscalationLead = TimeSpan.FromHours(6)).RunOnceAsync(None);

        var stored = await rig.Temp.Store.ReadAsync("CommunicationRequest", escalation, None);
        Assert.Equal(1, stored!.Version);
        Assert.Equal(1, rig.Temp.Scalar("SELECT COUNT(*) FROM lifecycle_marker WHERE kind = 'escalation:deadline'"));
    }

    [Fact]
    public async Task RunOnce_ReferralCancelledOnAnotherInstanceBeforeTheEscalationCommits_DecidedAgainAndNothingEscalated()
    {
        var deadline = await DeadlineAsync();
        rig.Clock.SetUtcNow(deadline.AddHours(-5));
        var role = Escalations.Role(EscalationKind.DeadlineApproaching);
        var otherInstance = new InterleavedChanges(rig.Temp.Store, role, async () =>
        {
            await rig.ReceiveAsync(LifecycleRig.Cancellation());
            await rig.ProcessAsync();
        });

        await rig.Scheduler(stub, o => o.EscalationLead = TimeSpan.FromHours(6), changes: otherInstance).RunOnceAsync(None);

        Assert.True(otherInstance.Interleaved);
        var record = await rig.RecordAsync();
        Assert.Equal("6.0", rig.TaskHistory(record.Task!.Id!)[^1]);
        Assert.Null(await rig.Temp.Store.ReadAsync("CommunicationRequest", DeterministicId.For(record.ReferralKey, role), None));
        Assert.Equal(0, rig.Temp.Scalar("SELECT COUNT(*) FROM lifecycle_marker WHERE kind = 'escalation:deadline'"));
    }

    [Theory]
    [InlineData(Appointment.AppointmentStatus.Fulfilled, "5.1.4", RequestStatus.Completed)]
    [InlineData(Appointment.AppointmentStatus.Noshow, "5.1.2", RequestStatus.Active)]
    public async Task RunOnce_VisitOutcomeOnServer_TaskFollowsOnce(Appointment.AppointmentStatus outcome, string code, RequestStatus serviceRequest)
    {
        Slots(3);
        var scheduler = rig.Scheduler(stub);
        await scheduler.RunOnceAsync(None);

        stub.SetAppointmentStatus(outcome);
        await scheduler.RunOnceAsync(None);
        await scheduler.RunOnceAsync(None);

        var record = await rig.RecordAsync();
        Assert.Equal((code, outcome, serviceRequest), (record.Status!.Code, record.Appointment!.Status!.Value, record.ServiceRequest!.Status!.Value));
        Assert.Equal(["3.0", "5.1.1", code], rig.TaskHistory(record.Task!.Id!));
    }

    private sealed class SingleClientFactory : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new();
    }
}
