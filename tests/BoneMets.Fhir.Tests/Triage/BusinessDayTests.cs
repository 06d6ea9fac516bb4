using System.Globalization;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Triage;
using BoneMets.Fhir.Worklist;

namespace BoneMets.Fhir.Tests.Triage;

public class BusinessDayTests
{
    // Office hours 08:00–17:00 Monday to Friday in London, after-hours referrals due by noon; 25 December a holiday.
    private static BusinessDay Office(string zone = "Europe/London") => new(new BusinessDayOptions
    {
        Opens = TimeSpan.FromHours(8),
        MorningEnds = TimeSpan.FromHours(12),
        Closes = TimeSpan.FromHours(17),
        Weekend = "Saturday, Sunday",
        Holidays = [new DateOnly(2026, 12, 25)],
    }, TimeZoneInfo.FindSystemTimeZoneById(zone));

    private static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture);

    [Theory]
    // Wednesday 2 December 2026 (GMT = UTC): during hours, and before opening, the same day's close.
    [InlineData("2026-12-02T10:00:00Z", "2026-12-02T17:00:00Z", false)]
    [InlineData("2026-12-02T06:30:00Z", "2026-12-02T17:00:00Z", false)]
    [InlineData("2026-12-02T16:59:59Z", "2026-12-02T17:00:00Z", false)]
    // At or after the close: the next business morning.
    [InlineData("2026-12-02T17:00:00Z", "2026-12-03T12:00:00Z", true)]
    [InlineData("2026-12-02T23:30:00Z", "2026-12-03T12:00:00Z", true)]
    // Friday evening and the weekend: Monday noon.
    [InlineData("2026-12-04T18:00:00Z", "2026-12-07T12:00:00Z", true)]
    [InlineData("2026-12-05T10:00:00Z", "2026-12-07T12:00:00Z", true)]
    [InlineData("2026-12-06T23:59:00Z", "2026-12-07T12:00:00Z", true)]
    // Christmas Eve after hours, Christmas a holiday, the 26th a Saturday: Monday the 28th.
    [InlineData("2026-12-24T17:30:00Z", "2026-12-28T12:00:00Z", true)]
    [InlineData("2026-12-25T09:00:00Z", "2026-12-28T12:00:00Z", true)]
    public void OutreachBy_OfficeHours_SameDayOrNextBusinessMorning(string received, string due, bool afterHours)
    {
        Assert.Equal(new OutreachDue(At(due), afterHours), Office().OutreachBy(At(received)));
    }

    [Fact]
    public void OutreachBy_Summer_ClosesAtLocalFivePm()
    {
        // 1 July 2026 is a Wednesday; London is UTC+1, so 17:00 local is 16:00 UTC and 16:30 UTC is after hours.
        Assert.Equal(new OutreachDue(At("2026-07-01T16:00:00Z"), false), Office().OutreachBy(At("2026-07-01T09:00:00Z")));
        Assert.Equal(new OutreachDue(At("2026-07-02T11:00:00Z"), true), Office().OutreachBy(At("2026-07-01T16:30:00Z")));
    }

    [Fact]
    public void OutreachBy_LocalDayDiffersFromUtcDay_UsesTheProgramsDay()
    {
        // 02:00 UTC on Thursday 3 December is still Wednesday 21:00 in New York: after hours there, due Thursday noon EST.
        Assert.Equal(new OutreachDue(At("2026-12-03T17:00:00Z"), true), Office("America/New_York").OutreachBy(At("2026-12-03T02:00:00Z")));
    }

    [Fact]
    public void OutreachBy_Defaults_EndOfTheCalendarDayEveryDay()
    {
        var allDay = new BusinessDay(new BusinessDayOptions(), TimeZoneInfo.Utc);

        Assert.Equal(new OutreachDue(At("2026-12-06T00:00:00Z"), false), allDay.OutreachBy(At("2026-12-05T23:59:00Z")));
    }

    [Fact]
    public void OutreachBy_FakeClockAcrossTheClose_FlipsToNextMorning()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(At("2026-12-02T16:59:00Z"));
        var before = Office().OutreachBy(clock.GetUtcNow());
        clock.Advance(TimeSpan.FromMinutes(2));
        var after = Office().OutreachBy(clock.GetUtcNow());

        Assert.Equal(new OutreachDue(At("2026-12-02T17:00:00Z"), false), before);
        Assert.Equal(new OutreachDue(At("2026-12-03T12:00:00Z"), true), after);
    }

    [Theory]
    [InlineData("09:00", "08:00", "17:00", "", "Opens")]
    [InlineData("08:00", "12:00", "17:00", "Saturday,Funday", "Weekend")]
    [InlineData("08:00", "12:00", "17:00", "Mon", "Weekend")]
    public void Validate_BadHoursOrDays_NamesTheKey(string opens, string morningEnds, string closes, string weekend, string member)
    {
        var options = new BusinessDayOptions
        {
            Opens = TimeSpan.Parse(opens, CultureInfo.InvariantCulture),
            MorningEnds = TimeSpan.Parse(morningEnds, CultureInfo.InvariantCulture),
            Closes = TimeSpan.Parse(closes, CultureInfo.InvariantCulture),
            Weekend = weekend,
        };

        var problem = Assert.Single(options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)));
        Assert.Contains(member, problem.MemberNames);
    }
}
