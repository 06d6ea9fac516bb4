using BoneMets.Fhir.Options;
using BoneMets.Fhir.Triage;

namespace BoneMets.Fhir.Tests.Triage;

public class DeadlinesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 16, 9, 30, 0, TimeSpan.Zero);

    private static Deadlines For(string zone, TriageOptions? triage = null) =>
        new(triage ?? new TriageOptions(), new ProgramOptions { TimeZone = zone });

    [Theory]
    [InlineData(Urgency.Emergency, "2026-11-17T09:30:00Z")]
    [InlineData(Urgency.Urgent, "2026-11-18T09:30:00Z")]
    [InlineData(Urgency.Routine, "2026-11-23T09:30:00Z")]
    public void DueBy_DefaultPolicy_24Hours48HoursOneWeek(Urgency urgency, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), For("UTC").DueBy(urgency, Now));
    }

    [Fact]
    public void DueBy_ConfiguredWindows_Used()
    {
        var deadlines = For("UTC", new TriageOptions
        {
            EmergencyWithin = TimeSpan.FromHours(6),
            UrgentWithin = TimeSpan.FromHours(24),
            RoutineWithin = TimeSpan.FromDays(14),
        });

        Assert.Equal(
            [Now.AddHours(6), Now.AddHours(24), Now.AddDays(14)],
            new[] { Urgency.Emergency, Urgency.Urgent, Urgency.Routine }.Select(u => deadlines.DueBy(u, Now)));
    }

    // Outreach ends at the next local midnight in the program's zone, returned in UTC.
    [Theory]
    [InlineData("UTC", "2026-11-16T09:30:00Z", "2026-11-17T00:00:00Z")]
    [InlineData("UTC", "2026-11-16T23:59:59Z", "2026-11-17T00:00:00Z")]
    [InlineData("UTC", "2026-11-17T00:00:00Z", "2026-11-18T00:00:00Z")]
    // 23:30 UTC on the 16th: still the 16th in London (GMT) and in New York (18:30 EST).
    [InlineData("Europe/London", "2026-11-16T23:30:00Z", "2026-11-17T00:00:00Z")]
    [InlineData("America/New_York", "2026-11-16T23:30:00Z", "2026-11-17T05:00:00Z")]
    // 03:00 UTC on the 17th: already the 17th in London, still the 16th in New York (22:00).
    [InlineData("Europe/London", "2026-11-17T03:00:00Z", "2026-11-18T00:00:00Z")]
    [InlineData("America/New_York", "2026-11-17T03:00:00Z", "2026-11-17T05:00:00Z")]
    // Summer: London is UTC+1, so 23:30 UTC on 1 July is 00:30 on 2 July, and that day ends at 23:00 UTC.
    [InlineData("Europe/London", "2026-07-01T23:30:00Z", "2026-07-02T23:00:00Z")]
    [InlineData("America/New_York", "2026-07-01T23:30:00Z", "2026-07-02T04:00:00Z")]
    // New York leaves daylight time on 1 November 2026: the day ends at midnight EST.
    [InlineData("America/New_York", "2026-11-01T12:00:00Z", "2026-11-02T05:00:00Z")]
    // London enters summer time on 29 March 2026: the 28th ends at midnight GMT, the 29th at midnight BST.
    [InlineData("Europe/London", "2026-03-28T12:00:00Z", "2026-03-29T00:00:00Z")]
    [InlineData("Europe/London", "2026-03-29T12:00:00Z", "2026-03-29T23:00:00Z")]
    public void OutreachBy_ArrivalInstant_EndOfTheLocalDay(string zone, string now, string expected)
    {
        var outreachBy = For(zone).OutreachBy(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), outreachBy);
        Assert.Equal(TimeSpan.Zero, outreachBy.Offset);
    }
}
