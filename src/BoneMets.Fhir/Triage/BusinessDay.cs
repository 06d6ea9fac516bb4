using BoneMets.Fhir.Options;

namespace BoneMets.Fhir.Triage;

/// <summary>
/// When same-day outreach is due: <paramref name="Due"/> in UTC, and whether the referral arrived after hours (after
/// the business day closed, or on a weekend day or a holiday), so that it is due the next business morning instead.
/// </summary>
public sealed record OutreachDue(DateTimeOffset Due, bool AfterHours);

/// <summary>
/// The program's business day in its time zone (<see cref="BusinessDayOptions"/>). Pure: the instant is passed in.
/// A referral received on a business day before it closes is due at the close that day; otherwise by the morning's
/// end of the next business day. Local times that do not exist (the hour skipped when clocks go forward) move on by
/// the gap.
/// </summary>
public sealed class BusinessDay(BusinessDayOptions options, TimeZoneInfo zone)
{
    private readonly IReadOnlySet<DayOfWeek> weekend = options.WeekendDays();
    private readonly HashSet<DateOnly> holidays = [.. options.Holidays];

    public OutreachDue OutreachBy(DateTimeOffset received)
    {
        var local = TimeZoneInfo.ConvertTime(received, zone).DateTime;
        var day = DateOnly.FromDateTime(local);
        if (IsOpen(day) && local.TimeOfDay < options.Closes)
        {
            return new OutreachDue(At(day, options.Closes), AfterHours: false);
        }

        var next = day.AddDays(1);
        while (!IsOpen(next))
        {
            next = next.AddDays(1); // validation guarantees a business day each week
        }

        return new OutreachDue(At(next, options.MorningEnds), AfterHours: true);
    }

    public bool IsOpen(DateOnly day) => !weekend.Contains(day.DayOfWeek) && !holidays.Contains(day);

    private DateTimeOffset At(DateOnly day, TimeSpan time)
    {
        var local = DateTime.SpecifyKind(day.ToDateTime(TimeOnly.MinValue) + time, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            local = local.AddHours(1); // clocks went forward over this time: the first instant after the gap
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
