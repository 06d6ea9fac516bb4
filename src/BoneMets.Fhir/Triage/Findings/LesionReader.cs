using BoneMets.Fhir.Terminology;
using Hl7.Fhir.Model;
using static BoneMets.Fhir.Triage.Findings.ObservationValues;

namespace BoneMets.Fhir.Triage.Findings;

/// <summary>
/// Reads one bone-lesion Observation. Each characteristic is one component coded in
/// <see cref="CodeSystems.Observation"/>; a component that is absent, unreadable or sent twice with
/// different values leaves that characteristic missing (the last two with a problem).
/// </summary>
internal static class LesionReader
{
    public static BoneLesion Read(Observation observation, List<FindingProblem> problems)
    {
        var source = Reference(observation);
        T? Component<T>(string code, Func<DataType?, Read<T>> read) where T : struct =>
            ReadComponent(observation, source, code, read, problems);

        var lesion = new BoneLesion
        {
            Source = source,
            Effective = Effective(observation.Effective),
            Type = Component(ObservationCodes.LesionType, v => Coded(v, FindingCodes.LesionType)),
            DiameterFractionPercent = Component(ObservationCodes.DiameterFraction, Percent),
            MirelsSite = Component(ObservationCodes.MirelsSite, v => Coded(v, FindingCodes.MirelsSite)),
            MirelsPain = Component(ObservationCodes.MirelsPain, v => Coded(v, FindingCodes.MirelsPain)),
            SpinalLevel = Component(ObservationCodes.SpinalLevel, Level),
            SpinalPain = Component(ObservationCodes.SpinalPain, v => Coded(v, FindingCodes.SpinalPain)),
            Alignment = Component(ObservationCodes.SpinalAlignment, v => Coded(v, FindingCodes.SpinalAlignment)),
            Collapse = Component(ObservationCodes.VertebralCollapse, v => Coded(v, FindingCodes.VertebralCollapse)),
            Posterolateral = Component(ObservationCodes.PosterolateralInvolvement, v => Coded(v, FindingCodes.PosterolateralInvolvement)),
            EsccGrade = Component(ObservationCodes.EsccGrade, v => Coded(v, FindingCodes.EsccGrade)),
        };

        if (!lesion.IsLongBone && !lesion.IsSpinal)
        {
            problems.Add(new FindingProblem(
                source, FindingNames.BoneLesion, "no component places the lesion in a long bone or the spine; no lesion score computed", null));
        }

        return lesion;
    }

    private static T? ReadComponent<T>(
        Observation observation, string source, string code, Func<DataType?, Read<T>> read, List<FindingProblem> problems)
        where T : struct
    {
        var values = observation.Component
            .Where(c => HasCoding(c.Code, CodeSystems.Observation, code))
            .Select(c => read(c.Value))
            .ToList();
        if (values.Count == 0)
        {
            return null;
        }

        var failed = values.FindIndex(v => !v.Ok);
        if (failed >= 0)
        {
            problems.Add(new FindingProblem(source, code, values[failed].Problem!, values[failed].Seen));
            return null;
        }

        if (values.Select(v => v.Value).Distinct().Count() > 1)
        {
            problems.Add(new FindingProblem(source, code, "component repeated with different values", string.Join(" | ", values.Select(v => v.Value))));
            return null;
        }

        return values[0].Value;
    }

    /// <summary>Diameter fraction: UCUM "%", 0–100.</summary>
    private static Read<decimal> Percent(DataType? value)
    {
        var read = Ucum(value);
        if (!read.Ok)
        {
            return Read<decimal>.Fail(read.Problem!, read.Seen);
        }

        var (number, unit) = read.Value;
        if (unit != "%")
        {
            return Read<decimal>.Fail("unexpected unit (expected %)", unit);
        }

        return number is >= 0m and <= 100m ? Read<decimal>.Of(number) : Read<decimal>.Fail("outside 0–100 %", $"{number} %");
    }

    private static Read<SpinalLevel> Level(DataType? value)
    {
        if (value is not CodeableConcept concept || CodeIn(concept, CodeSystems.SpinalLevel) is not { } code)
        {
            return Read<SpinalLevel>.Fail($"expected valueCodeableConcept from {CodeSystems.SpinalLevel}", value?.TypeName);
        }

        return SpinalLevel.TryParse(code, out var level)
            ? Read<SpinalLevel>.Of(level)
            : Read<SpinalLevel>.Fail($"unknown code in {CodeSystems.SpinalLevel}", code);
    }
}
