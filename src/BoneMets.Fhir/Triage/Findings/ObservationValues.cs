using BoneMets.Fhir.Terminology;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Triage.Findings;

/// <summary>The outcome of reading one value: the value, or why it could not be read and what was seen.</summary>
internal readonly record struct Read<T>(bool Ok, T Value, string? Problem, string? Seen)
{
    public static Read<T> Of(T value) => new(true, value, null, null);

    public static Read<T> Fail(string problem, string? seen) => new(false, default!, problem, seen);
}

/// <summary>Reading values out of Observations and their components, without guessing.</summary>
internal static class ObservationValues
{
    public static string Reference(Resource resource) => $"{resource.TypeName}/{resource.Id}";

    /// <summary>
    /// final, amended, corrected and preliminary carry a result; registered has none yet, cancelled and
    /// entered-in-error must not be used, unknown says nothing.
    /// </summary>
    public static bool IsUsable(Observation observation) => observation.Status is
        ObservationStatus.Final or ObservationStatus.Amended or ObservationStatus.Corrected or ObservationStatus.Preliminary;

    /// <summary>A final-like status outranks preliminary when two observations share a time.</summary>
    public static int StatusRank(Observation observation) => observation.Status == ObservationStatus.Preliminary ? 0 : 1;

    /// <summary>
    /// effective[x] as an instant: dateTime and instant as given, a Period by its end (else its start);
    /// a partial date counts from its first moment, a date without offset as UTC. Timing and string: none.
    /// </summary>
    public static DateTimeOffset? Effective(DataType? effective) => effective switch
    {
        FhirDateTime dateTime => ToInstant(dateTime),
        Period period => ToInstant(period.EndElement) ?? ToInstant(period.StartElement),
        Instant instant => instant.Value,
        _ => null,
    };

    public static DateTimeOffset? ToInstant(FhirDateTime? dateTime) =>
        dateTime is not null && dateTime.TryToDateTimeOffset(TimeSpan.Zero, out var instant) ? instant : null;

    public static bool HasCoding(CodeableConcept? concept, string system, string code) =>
        concept?.Coding.Any(c => c.System == system && c.Code == code) == true;

    /// <summary>The first code of <paramref name="system"/> in the concept, or null.</summary>
    public static string? CodeIn(CodeableConcept? concept, string system) =>
        concept?.Coding.FirstOrDefault(c => c.System == system && c.Code is not null)?.Code;

    public static Read<T> Coded<T>(DataType? value, CodedValues<T> codes) where T : struct, Enum
    {
        if (value is not CodeableConcept concept)
        {
            return WrongType<T>(value, "valueCodeableConcept");
        }

        if (CodeIn(concept, codes.System) is not { } code)
        {
            var seen = string.Join(", ", concept.Coding.Select(c => $"{c.System}|{c.Code}"));
            return Read<T>.Fail($"no coding from {codes.System}", seen.Length == 0 ? concept.Text : seen);
        }

        return codes.TryGetValue(code, out var parsed) ? Read<T>.Of(parsed) : Read<T>.Fail($"unknown code in {codes.System}", code);
    }

    public static Read<int> Integer(DataType? value, Func<int, bool> isValid, string range)
    {
        if (value is not Integer { Value: { } number })
        {
            return WrongType<int>(value, "valueInteger");
        }

        return isValid(number) ? Read<int>.Of(number) : Read<int>.Fail($"outside {range}", number.ToString());
    }

    public static Read<bool> Boolean(DataType? value) =>
        value is FhirBoolean { Value: { } flag } ? Read<bool>.Of(flag) : WrongType<bool>(value, "valueBoolean");

    /// <summary>A quantity's value and its UCUM code; refuses bounds ("&lt;", "&gt;") and non-UCUM units.</summary>
    public static Read<(decimal Value, string Unit)> Ucum(DataType? value)
    {
        if (value is not Quantity quantity || quantity.Value is not { } number)
        {
            return WrongType<(decimal, string)>(value, "valueQuantity with a value");
        }

        if (quantity.Comparator is { } comparator)
        {
            return Read<(decimal, string)>.Fail("value is a bound, not a measurement", $"{comparator} {number}");
        }

        if (quantity.System != CodeSystems.Ucum || string.IsNullOrEmpty(quantity.Code))
        {
            return Read<(decimal, string)>.Fail("unit has no UCUM code", Describe(quantity));
        }

        return Read<(decimal, string)>.Of((number, quantity.Code));
    }

    public static string Describe(Quantity quantity) =>
        $"unit '{quantity.Unit}', system '{quantity.System}', code '{quantity.Code}'";

    private static Read<T> WrongType<T>(DataType? value, string expected) => value is null
        ? Read<T>.Fail("no value", null)
        : Read<T>.Fail($"expected {expected}", value.TypeName);
}
