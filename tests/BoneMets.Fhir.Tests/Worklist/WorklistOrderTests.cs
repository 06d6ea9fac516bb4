using BoneMets.Fhir.Triage;
using BoneMets.Fhir.Worklist;

namespace BoneMets.Fhir.Tests.Worklist;

public class WorklistOrderTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    private static WorklistRow Row(string id, Urgency urgency, double outreachHours, double visitHours, bool outreachDone = false, string route = "orthopaedic-oncology") =>
        new($"key-{id}", id, 1, "Service Request Accepted", "A Patient", null, null, urgency, [], Now.AddHours(-1),
            new OutreachDue(Now.AddHours(outreachHours), false), outreachDone, Now.AddHours(visitHours), null, [route], [], ReferrerInformed.Delivered);

    [Fact]
    public void Arrange_Mixed_EmergenciesFirstThenNearestDue()
    {
        var rows = new[]
        {
            Row("routine-soon", Urgency.Routine, 1, 160),
            Row("urgent-later", Urgency.Urgent, 5, 40),
            Row("emergency-late", Urgency.Emergency, 7, 23),
            Row("routine-overdue", Urgency.Routine, -2, 150),
            Row("emergency-soon", Urgency.Emergency, 2, 20),
            Row("urgent-outreach-done", Urgency.Urgent, -5, 3, outreachDone: true),
        };

        Assert.Equal(
            ["emergency-soon", "emergency-late", "routine-overdue", "routine-soon", "urgent-outreach-done", "urgent-later"],
            WorklistOrder.Arrange(rows, new WorklistFilter(), Now).Select(r => r.TaskId));
    }

    [Fact]
    public void Arrange_Filters_UrgencyRouteAndOverdue()
    {
        var rows = new[]
        {
            Row("a", Urgency.Routine, -1, 100),
            Row("b", Urgency.Routine, 3, 100, route: "radiation-oncology"),
            Row("c", Urgency.Urgent, -1, 40, route: "radiation-oncology"),
        };

        Assert.Equal(["a", "b"], WorklistOrder.Arrange(rows, new WorklistFilter(Urgency: Urgency.Routine), Now).Select(r => r.TaskId));
        Assert.Equal(["c", "b"], WorklistOrder.Arrange(rows, new WorklistFilter(Route: "radiation-oncology"), Now).Select(r => r.TaskId));
        Assert.Equal(["a", "c"], WorklistOrder.Arrange(rows, new WorklistFilter(OverdueOnly: true), Now).Select(r => r.TaskId));
    }

    [Fact]
    public void Overdue_AcrossTheDeadline_Flips()
    {
        var row = Row("a", Urgency.Routine, 1, 100);

        Assert.False(row.OutreachOverdue(Now));
        Assert.True(row.OutreachOverdue(Now.AddHours(1)));
    }
}
