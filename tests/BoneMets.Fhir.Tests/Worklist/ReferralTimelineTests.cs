using BoneMets.Fhir.Lifecycle;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Store;
using BoneMets.Fhir.Triage;
using BoneMets.Fhir.Worklist;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Tests.Worklist;

public class ReferralTimelineTests
{
    private static readonly BusinessDay AllDay = new(new BusinessDayOptions(), TimeZoneInfo.Utc);

    private static Delivery Delivery(long sequence, string reason, DeliveryStatus status, DateTimeOffset at, DeliveryChannel channel = DeliveryChannel.Fhir) =>
        new(sequence, "key", "partner", channel, "http://ehr/fhir", reason, "{}", status, 0, null, at);

    [Fact]
    public async Task Of_ReceivedTriagedContactedBookedInformed_InTimeOrderWithEachDelivery()
    {
        var (source, _) = await WorklistRowsTests.SourceAsync("02");
        var contactedAt = Stages.Now.AddHours(2);
        var bookedAt = Stages.Now.AddHours(3);
        var visit = new ManualVisit(Stages.Now.AddDays(2), Stages.Now.AddDays(2).AddMinutes(30));
        var outreach = CoordinatorTransitions.RecordOutreach(source.Record, contactedAt);
        var contacted = ReferralRecord.From(source.Record.ReferralKey, ReferralRecord.Replace([source.Record.Task!, source.Record.Appointment!, .. source.Record.Requests], outreach), source.Record.Task!.Id!);
        var booking = CoordinatorTransitions.BookByHand(contacted, visit, bookedAt);
        var booked = ReferralRecord.From(source.Record.ReferralKey, ReferralRecord.Replace([contacted.Task!, contacted.Appointment!, .. contacted.Requests], booking), source.Record.Task!.Id!);
        var deliveries = new[]
        {
            Delivery(1, "processed", DeliveryStatus.Done, Stages.Now.AddMinutes(1)),
            Delivery(2, CoordinatorActions.OutreachReason, DeliveryStatus.Done, contactedAt),
            Delivery(3, CoordinatorActions.BookedByHandReason, DeliveryStatus.Parked, bookedAt),
            Delivery(4, CoordinatorActions.BookedByHandReason, DeliveryStatus.Pending, bookedAt, DeliveryChannel.Message),
        };
        var current = source with { Record = booked, Deliveries = deliveries };
        var view = new ReferralView(
            WorklistRows.From(current, AllDay)!, current, [], [source.Record.Task!, contacted.Task!, booked.Task!], [outreach.OfType<Communication>().Single()]);

        var timeline = ReferralTimeline.Of(view);

        Assert.Equal(
            [
                new TimelineEntry(Stages.Now, TimelineKind.Received, "Referral received; the clocks start"),
                new TimelineEntry(Stages.Now, TimelineKind.Triaged, "Triaged emergency"),
                new TimelineEntry(Stages.Now.AddMinutes(1), TimelineKind.WriteBack, "Referrer informed (triage and plan) by its FHIR server: delivered"),
                new TimelineEntry(contactedAt, TimelineKind.Outreach, "Patient contacted: outreach recorded"),
                new TimelineEntry(contactedAt, TimelineKind.WriteBack, "Referrer informed (outreach) by its FHIR server: delivered"),
                new TimelineEntry(bookedAt, TimelineKind.Booked, "Visit booked", visit.Start),
                new TimelineEntry(bookedAt, TimelineKind.WriteBack, "Referrer informed (visit booked) by its FHIR server: parked"),
                new TimelineEntry(bookedAt, TimelineKind.WriteBack, "Referrer informed (visit booked) by message: pending"),
            ],
            timeline);
    }

    [Fact]
    public async Task Of_ClosedByTheCoordinator_TheStatusAndTheReason()
    {
        var (source, _) = await WorklistRowsTests.SourceAsync("04");
        var closedAt = Stages.Now.AddHours(1);
        var closed = CoordinatorTransitions.Close(source.Record, "Seen elsewhere", closedAt).OfType<Hl7.Fhir.Model.Task>().Single();
        var record = source.Record with { Task = closed };
        var current = source with { Record = record };
        var view = new ReferralView(WorklistRows.From(current, AllDay, includeClosed: true)!, current, [], [source.Record.Task!, closed], []);

        var timeline = ReferralTimeline.Of(view);

        Assert.Equal(new TimelineEntry(closedAt, TimelineKind.StatusChanged, "Service Request Fulfillment Cancelled (6.0): Seen elsewhere"), timeline[^1]);
        Assert.DoesNotContain(timeline, e => e.Kind is TimelineKind.Booked or TimelineKind.Outreach or TimelineKind.WriteBack);
    }

    [Fact]
    public async Task Of_TaskVersionsWithoutAStatusMove_NoLine()
    {
        var (source, _) = await WorklistRowsTests.SourceAsync("04");
        var touched = (Hl7.Fhir.Model.Task)source.Record.Task!.DeepCopy();
        touched.LastModified = Stages.Now.AddHours(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var view = new ReferralView(WorklistRows.From(source, AllDay)!, source, [], [source.Record.Task!, touched], []);

        Assert.Equal([TimelineKind.Received, TimelineKind.Triaged], ReferralTimeline.Of(view).Select(e => e.Kind));
    }

    [Fact]
    public async Task Of_DeliveryStoredAFractionEarlierThanItsChange_TheChangeFirst()
    {
        var (source, _) = await WorklistRowsTests.SourceAsync("04");
        var bookedAt = Stages.Now.AddHours(1).AddTicks(4321); // the Task keeps ticks, the outbox whole milliseconds
        var visit = new ManualVisit(Stages.Now.AddDays(1), Stages.Now.AddDays(1).AddMinutes(30));
        var booked = CoordinatorTransitions.BookByHand(source.Record, visit, bookedAt);
        var record = ReferralRecord.From(source.Record.ReferralKey, ReferralRecord.Replace([source.Record.Task!, source.Record.Appointment!, .. source.Record.Requests], booked), source.Record.Task!.Id!);
        var current = source with { Record = record, Deliveries = [Delivery(2, CoordinatorActions.BookedByHandReason, DeliveryStatus.Pending, Stages.Now.AddHours(1))] };
        var view = new ReferralView(WorklistRows.From(current, AllDay)!, current, [], [source.Record.Task!, record.Task!], []);

        Assert.Equal([TimelineKind.Booked, TimelineKind.WriteBack], ReferralTimeline.Of(view).Skip(2).Select(e => e.Kind));
    }
}
