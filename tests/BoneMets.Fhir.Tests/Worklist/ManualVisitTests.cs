using BoneMets.Fhir.Worklist;

namespace BoneMets.Fhir.Tests.Worklist;

public class ManualVisitTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    // Wednesday 2 December 2026, 16:30 GMT.
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 16, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Read_LocalTimeInTheProgramZone_StartAndEndInUtc()
    {
        var (visit, refusal) = ManualVisit.Read("2026-12-03T09:15", 45, London, Now);

        Assert.Null(refusal);
        Assert.Equal(new ManualVisit(new DateTimeOffset(2026, 12, 3, 9, 15, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero)), visit);
    }

    [Fact]
    public void Read_SummerTime_OffsetOfThatDay()
    {
        var (visit, _) = ManualVisit.Read("2027-06-01T09:00", 30, London, Now);

        Assert.Equal(new DateTimeOffset(2027, 6, 1, 8, 0, 0, TimeSpan.Zero), visit!.Start);
    }

    [Theory]
    [InlineData("2026-12-02T16:30", 30, "The visit must be in the future.")]
    [InlineData("2026-12-01T09:00", 30, "The visit must be in the future.")]
    [InlineData("", 30, "Enter the visit's date and time.")]
    [InlineData("3 December", 30, "Enter the visit's date and time.")]
    [InlineData("2026-12-03T09:00", 4, "The visit's length must be between 5 and 480 minutes.")]
    [InlineData("2026-12-03T09:00", 481, "The visit's length must be between 5 and 480 minutes.")]
    [InlineData("2027-03-28T01:30", 30, "2027-03-28T01:30 does not exist in Europe/London (the clocks go forward over it): enter another time.")]
    public void Read_Refused_SaysWhy(string? entered, int minutes, string expected)
    {
        var (visit, refusal) = ManualVisit.Read(entered, minutes, London, Now);

        Assert.Null(visit);
        Assert.Equal(expected, refusal);
    }

    [Fact]
    public void Read_HourTheClocksPassTwice_TheEarlierInstant()
    {
        // 31 October 2027: 01:30 happens at 00:30 UTC (BST) and again at 01:30 UTC (GMT).
        var (visit, _) = ManualVisit.Read("2027-10-31T01:30", 30, London, Now);

        Assert.Equal(new DateTimeOffset(2027, 10, 31, 0, 30, 0, TimeSpan.Zero), visit!.Start);
    }
}
