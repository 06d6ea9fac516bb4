using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Triage.Findings;

/// <summary>
/// UCUM normalisation of the two labs the scores read. Only the units listed are converted; any other
/// unit, a missing UCUM code or an implausible value is a problem and the lab is left missing.
/// UCUM is case-sensitive but has both "L" and "l" for the litre, so "mg/dl" is accepted and "MG/DL" is not.
/// </summary>
public static class LabUnits
{
    /// <summary>Calcium: 1 mmol/L = 4.008 mg/dL (molar mass 40.08 g/mol).</summary>
    public const decimal CalciumMgPerDlPerMmolPerL = 4.008m;

    /// <summary>Albumin: 1 g/dL = 10 g/L.</summary>
    public const decimal AlbuminGPerLPerGPerDl = 10m;

    // Local policy, plausibility windows after normalisation. They catch a value sent with the other
    // unit's label (a calcium of 2.4 labelled mg/dL is a mmol/L value; an albumin of 38 labelled g/dL
    // is g/L), which conversion would otherwise turn into a wrong number. The windows reject; they never convert.
    public const decimal CalciumPlausibleMinMgPerDl = 4.0m;
    public const decimal CalciumPlausibleMaxMgPerDl = 25.0m;
    public const decimal AlbuminPlausibleMinGPerDl = 0.5m;
    public const decimal AlbuminPlausibleMaxGPerDl = 8.0m;

    /// <summary>Serum calcium in mg/dL from a Quantity in mg/dL or mmol/L.</summary>
    internal static Read<decimal> CalciumMgPerDl(DataType? value)
    {
        var read = ObservationValues.Ucum(value);
        if (!read.Ok)
        {
            return Read<decimal>.Fail(read.Problem!, read.Seen);
        }

        var (number, unit) = read.Value;
        decimal? mgPerDl = unit switch
        {
            "mg/dL" or "mg/dl" => number,
            "mmol/L" or "mmol/l" => number * CalciumMgPerDlPerMmolPerL,
            _ => null,
        };
        return Plausible(mgPerDl, number, unit, "mg/dL or mmol/L", CalciumPlausibleMinMgPerDl, CalciumPlausibleMaxMgPerDl, "mg/dL");
    }

    /// <summary>Serum albumin in g/dL from a Quantity in g/dL or g/L.</summary>
    internal static Read<decimal> AlbuminGPerDl(DataType? value)
    {
        var read = ObservationValues.Ucum(value);
        if (!read.Ok)
        {
            return Read<decimal>.Fail(read.Problem!, read.Seen);
        }

        var (number, unit) = read.Value;
        decimal? gPerDl = unit switch
        {
            "g/dL" or "g/dl" => number,
            "g/L" or "g/l" => number / AlbuminGPerLPerGPerDl,
            _ => null,
        };
        return Plausible(gPerDl, number, unit, "g/dL or g/L", AlbuminPlausibleMinGPerDl, AlbuminPlausibleMaxGPerDl, "g/dL");
    }

    /// <summary>
    /// A lab as the score items show it: "14.50 mg/dL" when sent in <paramref name="unit"/>, else what was sent and
    /// what it converts to, both with units: "3.55 mmol/L as sent = 14.23 mg/dL".
    /// </summary>
    public static string Describe(Finding<decimal> lab, string unit, Func<decimal, string> show)
    {
        ArgumentNullException.ThrowIfNull(lab);
        var converted = $"{show(lab.Value)} {unit}";
        return lab.AsSent is { } sent && !sent.EndsWith(" " + unit, StringComparison.OrdinalIgnoreCase) ? $"{sent} as sent = {converted}" : converted;
    }

    private static Read<decimal> Plausible(
        decimal? normalised, decimal number, string unit, string expected, decimal min, decimal max, string target)
    {
        if (normalised is not { } value)
        {
            return Read<decimal>.Fail($"unexpected unit (expected {expected})", unit);
        }

        return value >= min && value <= max
            ? Read<decimal>.Of(value) with { Seen = $"{number} {unit}" }
            : Read<decimal>.Fail($"implausible value: outside {min}–{max} {target} once converted; is the unit right?", $"{number} {unit}");
    }
}
