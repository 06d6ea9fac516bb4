using System.ComponentModel.DataAnnotations;

namespace BoneMets.Fhir.Options;

/// <summary>
/// The program's business day, in <see cref="ProgramOptions.TimeZone"/>. Section "Program:BusinessDay". "Same day"
/// outreach ends at <see cref="Closes"/>; a referral received after it, or on a weekend day or a holiday, is due by
/// <see cref="MorningEnds"/> of the next business day. The defaults (open 00:00 to 24:00 every day, no holidays) keep
/// the calendar day: a program with office hours sets them, e.g. Opens 08:00, MorningEnds 12:00, Closes 17:00,
/// Weekend "Saturday,Sunday".
/// </summary>
public sealed class BusinessDayOptions : IValidatableObject
{
    /// <summary>When the coordinators' day starts (local time). Default 00:00.</summary>
    public TimeSpan Opens { get; set; } = TimeSpan.Zero;

    /// <summary>When an after-hours referral's outreach is due the next business day (local time). Default 12:00.</summary>
    public TimeSpan MorningEnds { get; set; } = TimeSpan.FromHours(12);

    /// <summary>The end of the business day: "same day" ends here (local time; 24:00 is midnight). Default 1.00:00 (midnight).</summary>
    public TimeSpan Closes { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Days of the week with no business day, comma separated (e.g. "Saturday,Sunday"). Default none.</summary>
    public string Weekend { get; set; } = string.Empty;

    /// <summary>Local dates with no business day (yyyy-MM-dd). Default none.</summary>
    public List<DateOnly> Holidays { get; set; } = [];

    public IReadOnlySet<DayOfWeek> WeekendDays() =>
        Weekend.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => Enum.TryParse<DayOfWeek>(d, ignoreCase: true, out var day) ? day : (DayOfWeek)(-1))
            .ToHashSet();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!(TimeSpan.Zero <= Opens && Opens < MorningEnds && MorningEnds <= Closes && Closes <= TimeSpan.FromHours(24)))
        {
            yield return new ValidationResult(
                $"Program:BusinessDay must have 00:00 <= Opens ({Opens}) < MorningEnds ({MorningEnds}) <= Closes ({Closes}) <= 24:00.",
                [nameof(Opens), nameof(MorningEnds), nameof(Closes)]);
        }

        var days = WeekendDays();
        if (days.Contains((DayOfWeek)(-1)))
        {
            yield return new ValidationResult($"Program:BusinessDay:Weekend '{Weekend}' must list days of the week (Monday … Sunday), comma separated.", [nameof(Weekend)]);
        }
        else if (days.Count == 7)
        {
            yield return new ValidationResult("Program:BusinessDay:Weekend leaves no business day in the week.", [nameof(Weekend)]);
        }
    }
}
