using BoneMets.Fhir.Lifecycle;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Store;
using BoneMets.Fhir.Triage;
using BoneMets.Fhir.Worklist;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Tests.Worklist;

public class WorklistRowsTests
{
    private static readonly BusinessDay AllDay = new(new BusinessDayOptions(), TimeZoneInfo.Utc);

    internal static async Task<(WorklistSource Source, Planned Planned)> SourceAsync(string sample, params DeliveryStatus[] deliveries)
    {
        var planned = await Stages.PlanAsync(sample);
        var record = ReferralRecord.From(planned.Message.ReferralKey, planned.Plan.All, planned.Plan.Task.Id!);
        var sent = deliveries.Select((status, i) => new Delivery(i + 1, record.ReferralKey, "partner", DeliveryChannel.Fhir, "http://ehr/fhir", "referral", "{}", status, 0, null, Stages.Now)).ToList();
        return (new WorklistSource(record, 1, planned.Case.Patient, planned.Plan.TriageRecord, sent, "Referring clinic"), planned);
    }

    [Fact]
    public async Task From_PlannedSample_ColumnsFromTheWriteBack()
    {
        var (source, planned) = await SourceAsync("02", DeliveryStatus.Done);

        var row = WorklistRows.From(source, AllDay)!;

        Assert.Equal(Urgency.Emergency, row.Urgency);
        Assert.Equal(Stages.Now, row.Received);
        Assert.Equal(new OutreachDue(planned.Decision.OutreachBy, false), row.Outreach);
        Assert.Equal(planned.Decision.DueBy, row.VisitDue);
        Assert.Equal([.. planned.Decision.Routes.Select(r => r.Team)], row.Routes);
        Assert.Equal(planned.Decision.Missing.Count, row.MissingData.Count);
        Assert.False(row.OutreachDone);
        Assert.Null(row.BookedAt);
        Assert.Equal(ReferrerInformed.Delivered, row.Informed);
        Assert.NotEmpty(row.Reasons);
        Assert.All(row.Reasons, r => Assert.StartsWith("[", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task From_CancelledReferral_NoRow()
    {
        var (source, _) = await SourceAsync("04");
        var cancelled = ReferralRecord.Replace([source.Record.Task!, .. source.Record.Requests], LifecycleTransitions.Cancel(source.Record, Stages.Now));

        Assert.Null(WorklistRows.From(source with { Record = ReferralRecord.From(source.Record.ReferralKey, cancelled, source.Record.Task!.Id!) }, AllDay));
    }

    [Fact]
    public async Task From_OutreachCompleted_OutreachDoneAndNotOverdue()
    {
        var (source, _) = await SourceAsync("04");
        var requests = source.Record.Requests.Select(r =>
        {
            var copy = (CommunicationRequest)r.DeepCopy();
            copy.Status = r.Id == WorklistRows.OutreachId(source.Record.ReferralKey) ? RequestStatus.Completed : r.Status;
            return copy;
        }).ToList();

        var row = WorklistRows.From(source with { Record = source.Record with { Requests = requests } }, AllDay)!;

        Assert.True(row.OutreachDone);
        Assert.False(row.OutreachOverdue(row.Outreach.Due.AddDays(1)));
        Assert.Equal(row.VisitDue, row.NextDue);
    }

    [Theory]
    [InlineData(new DeliveryStatus[0], ReferrerInformed.NotRouted)]
    [InlineData(new[] { DeliveryStatus.Done, DeliveryStatus.Pending }, ReferrerInformed.Pending)]
    [InlineData(new[] { DeliveryStatus.Done, DeliveryStatus.Processing }, ReferrerInformed.Pending)]
    [InlineData(new[] { DeliveryStatus.Pending, DeliveryStatus.Parked }, ReferrerInformed.Parked)]
    [InlineData(new[] { DeliveryStatus.Done, DeliveryStatus.Done }, ReferrerInformed.Delivered)]
    public async Task From_Deliveries_ReferrerInformedSaysTheWorst(DeliveryStatus[] deliveries, ReferrerInformed expected)
    {
        var (source, _) = await SourceAsync("04", deliveries);

        Assert.Equal(expected, WorklistRows.From(source, AllDay)!.Informed);
    }
}
