using System.Globalization;

namespace BoneMets.Fhir.Worklist;

/// <summary>A visit the coordinator arranged outside the scheduling server: when it starts and ends (UTC), or why the entry was refused.</summary>
public sealed record ManualVisit(DateTimeOffset Start, DateTimeOffset End)
{
    public const int ShortestMinutes = 5;
    public const int LongestMinutes = 480;

    /// <summary>
    /// Reads what the coordinator typed: a local date and time in the program's time zone (an HTML datetime-local
    /// value, "2026-12-03T09:30") and a length in minutes. Refused: no such time, a time the clocks skip (the hour
    /// lost when they go forward), a start not in the future, a length outside 5–480 minutes. A time the clocks pass
    /// twice (the hour they go back) is read as the first, summer-time, instant — the earlier of the two.
    /// </summary>
    public static (ManualVisit? Visit, string? Refusal) Read(string? local, int minutes, TimeZoneInfo zone, DateTimeOffset now)
    {
        if (!DateTime.TryParseExact(local, ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var entered))
        {
            return (null, "Enter the visit's date and time.");
        }

        if (minutes is < ShortestMinutes or > LongestMinutes)
        {
            return (null, $"The visit's length must be between {ShortestMinutes} and {LongestMinutes} minutes.");
        }

        entered = DateTime.SpecifyKind(entered, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(entered))
        {
            return (null, $"{local} does not exist in {zone.Id} (the clocks go forward over it): enter another time.");
        }

        var offset = zone.IsAmbiguousTime(entered) ? zone.GetAmbiguousTimeOffsets(entered).Max() : zone.GetUtcOffset(entered);
        var start = new DateTimeOffset(entered, offset).ToUniversalTime();
        if (start <= now)
        {
            return (null, "The visit must be in the future.");
        }

        return (new ManualVisit(start, start.AddMinutes(minutes)), null);
    }
}
