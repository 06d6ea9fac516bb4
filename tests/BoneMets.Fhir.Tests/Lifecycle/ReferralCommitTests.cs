using BoneMets.Fhir.Lifecycle;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Tests.Lifecycle;

/// <summary>The commit decisions, by value: what is written, and the Task version it is checked against.</summary>
public sealed class ReferralCommitTests
{
    private static readonly DateTimeOffset Later = Stages.Now.AddHours(3);

    private static ReferralRecord Nothing(string key) => new(key, null, null, null, []);

    private static ReferralRecord Stored(Planned planned, BusinessStatus status, string version)
    {
        var task = LifecycleTransitions.Move(planned.Plan.Task, status, Later);
        task.Meta = new Meta { VersionId = version };
        var record = ReferralRecord.From(planned.Message.ReferralKey, planned.Plan.All, planned.Plan.Task.Id!);
        return record with { Task = task };
    }

    private static string StatusOf(CommitDecision decision) => BusinessStatus.Of(decision.Write.OfType<Hl7.Fhir.Model.Task>().Single())!.Code;

    [Fact]
    public async Task Decide_FirstProcessing_WritesThePlanAsItIs_CheckedAgainstATaskNotYetStored()
    {
        var planned = await Stages.PlanAsync(LifecycleRig.Thoracic);

        var decision = ReferralCommit.Decide(new ReferralState(planned.Message.ReferralKey, planned.Plan, Nothing(planned.Message.ReferralKey), null));

        Assert.Equal(planned.Plan.All.Select(r => $"{r.TypeName}/{r.Id}"), decision.Write.Select(r => $"{r.TypeName}/{r.Id}"));
        Assert.Equal(("3.0", false), (StatusOf(decision), decision.Cancelled));
        Assert.Equal(new Dictionary<string, int> { [$"Task/{planned.Plan.Task.Id}"] = 0 }, decision.Expected);
    }

    [Fact]
    public async Task Decide_ReplayOfABookedReferral_KeepsTheStoredProgress_CheckedAgainstTheStoredVersion()
    {
        var planned = await Stages.PlanAsync(LifecycleRig.Thoracic);
        var stored = Stored(planned, BusinessStatus.Scheduled, "4");

        var decision = ReferralCommit.Decide(new ReferralState(planned.Message.ReferralKey, planned.Plan, stored, null));

        Assert.Equal("5.1.1", StatusOf(decision));
        Assert.Equal(new Dictionary<string, int> { [$"Task/{planned.Plan.Task.Id}"] = 4 }, decision.Expected);
    }

    [Fact]
    public async Task Decide_CancellationRecordedBeforeProcessing_FirstWriteBackIsAlreadyCancelled()
    {
        var planned = await Stages.PlanAsync(LifecycleRig.Thoracic);

        var decision = ReferralCommit.Decide(new ReferralState(planned.Message.ReferralKey, planned.Plan, Nothing(planned.Message.ReferralKey), Later));

        Assert.Equal(("6.0", true), (StatusOf(decision), decision.Cancelled));
        Assert.Equal(Appointment.AppointmentStatus.Cancelled, decision.Write.OfType<Appointment>().Single().Status);
    }

    [Fact]
    public void Decide_VersionAlreadyProcessed_WritesNothingAndChecksNothing()
    {
        var decision = ReferralCommit.Decide(new ReferralState("key", null, Nothing("key"), Later));

        Assert.Equal(CommitDecision.Nothing, decision);
    }

    [Fact]
    public async Task Cancel_StoredAcceptedReferral_MovesItTo60_CheckedAgainstItsVersion_AndACancelledOneNotAtAll()
    {
        var planned = await Stages.PlanAsync(LifecycleRig.Thoracic);

        var decision = ReferralCommit.Cancel(Stored(planned, BusinessStatus.Accepted, "2"), Later);
        var again = ReferralCommit.Cancel(Stored(planned, BusinessStatus.FulfilmentCancelled, "3"), Later);

        Assert.Equal(("6.0", 2), (StatusOf(decision), decision.Expected[$"Task/{planned.Plan.Task.Id}"]));
        Assert.Empty(again.Write);
    }

    [Fact]
    public async Task Change_Booking_CheckedAgainstTheStoredTaskVersion_AndNothingToChangeChecksNothing()
    {
        var planned = await Stages.PlanAsync(LifecycleRig.Thoracic);
        var stored = Stored(planned, BusinessStatus.Accepted, "3");

        var booked = ReferralCommit.Change(stored, LifecycleTransitions.Book(stored, new Booking("Slot/s1", Later, Later.AddMinutes(30), null), Later));
        var none = ReferralCommit.Change(stored, []);

        Assert.Equal(("5.1.1", 3), (StatusOf(booked), booked.Expected[$"Task/{planned.Plan.Task.Id}"]));
        Assert.Empty(none.Expected);
    }
}
