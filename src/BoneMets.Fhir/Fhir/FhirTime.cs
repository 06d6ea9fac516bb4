using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Fhir;

/// <summary>FHIR dateTime strings from instants, in UTC so that replays and comparisons are stable.</summary>
public static class FhirTime
{
    public static string Of(DateTimeOffset instant) => new FhirDateTime(instant.ToUniversalTime()).Value!;

    public static Period Until(DateTimeOffset start, DateTimeOffset end) => new() { Start = Of(start), End = Of(end) };
}
