using BoneMets.Fhir.Terminology;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Triage;

public enum CalciumBand { Normal, Mild, Moderate, Severe }

/// <summary>An albumin-corrected calcium with its band and CTCAE v5 grade, and the Observations it came from.</summary>
public sealed record CalciumResult(decimal MgPerDl, bool Corrected, CalciumBand Band, int CtcaeGrade, IReadOnlyList<string> DerivedFrom, IReadOnlyList<string> Problems);

/// <summary>
/// Corrected calcium (scores.md, "Hypercalcaemia of malignancy"): Ca mg/dL + 0.8 × (4.0 − albumin g/dL);
/// 1 mmol/L = 4.008 mg/dL. Bands: mild 10.5–11.9, moderate 12.0–13.9, severe ≥ 14 mg/dL. CTCAE v5:
/// grade 1 &gt; ULN–11.5, 2 &gt; 11.5–12.5, 3 &gt; 12.5–13.5, 4 &gt; 13.5. Local decision: with albumin above
/// 4.0 g/dL the correction would lower the value, so the measured calcium is used (never under-triage).
/// </summary>
public static class CorrectedCalcium
{
    public const decimal MgPerDlPerMmolPerL = 4.008m;

    public static CalciumResult? From(IEnumerable<Observation> observations, decimal upperLimitOfNormal)
    {
        var problems = new List<string>();
        var calcium = Latest(observations, ClinicalCodes.LoincCalcium);
        if (calcium is null)
        {
            return null;
        }

        var caMgDl = CalciumMgPerDl(calcium, problems);
        if (caMgDl is null)
        {
            return new CalciumResult(0, false, CalciumBand.Normal, 0, [Ref(calcium)], problems);
        }

        var albumin = Latest(observations, ClinicalCodes.LoincAlbumin);
        var albGdl = albumin is null ? null : AlbuminGPerDl(albumin, problems);
        var derived = albGdl is null ? new List<string> { Ref(calcium) } : [Ref(calcium), Ref(albumin!)];
        var corrected = albGdl is { } a && a < 4.0m ? caMgDl.Value + (0.8m * (4.0m - a)) : caMgDl.Value;
        corrected = Math.Round(corrected, 2);
        return new CalciumResult(corrected, albGdl is < 4.0m, Band(corrected), Grade(corrected, upperLimitOfNormal), derived, problems);
    }

    public static CalciumBand Band(decimal mgPerDl) => mgPerDl switch
    {
        >= 14.0m => CalciumBand.Severe,
        >= 12.0m => CalciumBand.Moderate,
        >= 10.5m => CalciumBand.Mild,
        _ => CalciumBand.Normal,
    };

    public static int Grade(decimal mgPerDl, decimal upperLimitOfNormal) => mgPerDl switch
    {
        > 13.5m => 4,
        > 12.5m => 3,
        > 11.5m => 2,
        _ when mgPerDl > upperLimitOfNormal => 1,
        _ => 0,
    };

    private static decimal? CalciumMgPerDl(Observation o, List<string> problems) => (o.Value as Quantity) switch
    {
        { Value: { } v, Code: "mg/dL" } => v,
        { Value: { } v, Code: "mmol/L" } => v * MgPerDlPerMmolPerL,
        var q => Unexpected(o, q, "mg/dL or mmol/L", problems),
    };

    private static decimal? AlbuminGPerDl(Observation o, List<string> problems) => (o.Value as Quantity) switch
    {
        { Value: { } v, Code: "g/dL" } => v,
        { Value: { } v, Code: "g/L" } => v / 10m,
        var q => Unexpected(o, q, "g/dL or g/L", problems),
    };

    private static decimal? Unexpected(Observation o, Quantity? q, string expected, List<string> problems)
    {
        problems.Add($"{Ref(o)} has unit '{q?.Code ?? q?.Unit ?? "none"}'; expected UCUM {expected}. Not used.");
        return null;
    }

    private static Observation? Latest(IEnumerable<Observation> observations, string loinc) => observations
        .Where(o => o.Status is not (ObservationStatus.EnteredInError or ObservationStatus.Cancelled))
        .Where(o => o.Code.Coding.Any(c => c.System == CodeSystems.Loinc && c.Code == loinc))
        .OrderByDescending(o => (o.Effective as FhirDateTime)?.ToDateTimeOffset(TimeSpan.Zero) ?? DateTimeOffset.MinValue)
        .FirstOrDefault();

    private static string Ref(Observation o) => $"Observation/{o.Id}";
}
