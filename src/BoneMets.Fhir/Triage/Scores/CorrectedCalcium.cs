using BoneMets.Fhir.Triage.Findings;

namespace BoneMets.Fhir.Triage.Scores;

/// <summary>
/// Albumin-corrected serum calcium and its two banding schemes, per patient.
/// <para>Corrected Ca (mg/dL) = measured Ca (mg/dL) + 0.8 × (4.0 − albumin g/dL). The SI form,
/// Ca (mmol/L) + 0.02 × (40 − albumin g/L), is the same rule with the coefficient rounded (0.02 mmol/L ≈
/// 0.080 mg/dL per g/L); the engine always computes in mg/dL after UCUM normalisation, so there is one answer.</para>
/// <para>Local policy: above 4.0 g/dL albumin the correction would lower calcium; it is not applied
/// (the measured value is used and the result says so) unless <see cref="ScoreSettings.CorrectCalciumWhenAlbuminAbove4"/>.</para>
/// <para>Ionised calcium would be preferred, but the project has no verified code for it
/// (Terminology/ClinicalCodes.cs): it is not read, and corrected total calcium is always used.</para>
/// <para>Values are rounded to 0.01 mg/dL and banded on the rounded mg/dL value, so the value shown and
/// its band always agree; the mmol/L quantity is that reported mg/dL value divided by 4.008, to 0.001.</para>
/// </summary>
public static class CorrectedCalcium
{
    public const string Name = "Corrected calcium";
    public const string Version = "Albumin-corrected calcium, 0.8 mg/dL per g/dL below 4.0 g/dL";
    public const string Source = "Albumin correction and bands as in the project's reference (shared/reference/scores.md)";

    public const decimal CorrectionFactor = 0.8m;
    public const decimal ReferenceAlbuminGPerDl = 4.0m;
    public const decimal MildMinimumMgPerDl = 10.5m;
    public const decimal ModerateMinimumMgPerDl = 12.0m;
    public const decimal SevereMinimumMgPerDl = 14.0m;

    public static readonly ScoreBand NotHypercalcaemic = new("not-hypercalcaemic", "< 10.5 mg/dL: below the hypercalcaemia bands");
    public static readonly ScoreBand Mild = new("mild", "mild: 10.5 to < 12.0 mg/dL");
    public static readonly ScoreBand Moderate = new("moderate", "moderate: 12.0 to < 14.0 mg/dL");
    public static readonly ScoreBand Severe = new("severe", "severe: ≥ 14.0 mg/dL (hypercalcaemic crisis)");

    public static ScoreResult Calculate(ClinicalFindings findings, ScoreSettings settings)
    {
        var sheet = new ScoreSheet();
        var corrected = Correct(findings, settings, sheet);
        if (corrected is { } value)
        {
            sheet.Quantity(value, "mg/dL");
            sheet.Quantity(Math.Round(value / LabUnits.CalciumMgPerDlPerMmolPerL, 3, MidpointRounding.AwayFromZero), "mmol/L");
        }

        return sheet.Result(Name, Version, Source, null, corrected is { } v ? BandFor(v) : null);
    }

    /// <summary>The corrected calcium in mg/dL (rounded to 0.01), or null when an input is missing.</summary>
    internal static decimal? Correct(ClinicalFindings findings, ScoreSettings settings, ScoreSheet sheet)
    {
        var calcium = findings.CalciumMgPerDl;
        var albumin = findings.AlbuminGPerDl;
        sheet.Item("measured calcium", FindingNames.SerumCalcium, calcium, _ => LabUnits.Describe(calcium!, "mg/dL", Show), _ => null);
        sheet.Item("albumin", FindingNames.SerumAlbumin, albumin, _ => LabUnits.Describe(albumin!, "g/dL", a => a.ToString("0.0##", System.Globalization.CultureInfo.InvariantCulture)), _ => null);
        if (calcium is null || albumin is null)
        {
            if (calcium is { } measured)
            {
                sheet.Note($"Albumin missing: corrected calcium not computed. The measured {Show(measured.Value)} mg/dL is a floor: the local policy never corrects downward.");
            }

            return null;
        }

        if (albumin.Value > ReferenceAlbuminGPerDl && !settings.CorrectCalciumWhenAlbuminAbove4)
        {
            sheet.Scored("albumin correction", $"not applied: albumin {albumin.Value} g/dL > 4.0 (local policy: no downward correction)", null);
            sheet.Note($"Albumin {albumin.Value} g/dL is above 4.0 g/dL: correction not applied (local policy); measured calcium used.");
            return Round(calcium.Value);
        }

        var adjustment = CorrectionFactor * (ReferenceAlbuminGPerDl - albumin.Value);
        sheet.Scored("albumin correction", $"{(adjustment >= 0 ? "+" : "")}{Show(adjustment)} mg/dL", null);
        return Round(calcium.Value + adjustment);
    }

    /// <summary>What the calcium value is: corrected, or the measured value and why it was not corrected.</summary>
    public static CalciumBasis BasisOf(ClinicalFindings findings, ScoreSettings settings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(settings);
        return (findings.CalciumMgPerDl, findings.AlbuminGPerDl) switch
        {
            (null, _) => CalciumBasis.NoCalcium,
            (_, null) => CalciumBasis.MeasuredAlbuminMissing,
            (_, { Value: > ReferenceAlbuminGPerDl }) when !settings.CorrectCalciumWhenAlbuminAbove4 => CalciumBasis.MeasuredAlbuminAbove4,
            _ => CalciumBasis.Corrected,
        };
    }

    public static ScoreBand BandFor(decimal correctedMgPerDl) => correctedMgPerDl switch
    {
        < MildMinimumMgPerDl => NotHypercalcaemic,
        < ModerateMinimumMgPerDl => Mild,
        < SevereMinimumMgPerDl => Moderate,
        _ => Severe,
    };

    private static decimal Round(decimal mgPerDl) => Math.Round(mgPerDl, 2, MidpointRounding.AwayFromZero);

    /// <summary>Two decimals, always: "14.50", "+0.00".</summary>
    internal static string Show(decimal mgPerDl) => Round(mgPerDl).ToString("0.00");
}

/// <summary>What a calcium value stands for (<see cref="CorrectedCalcium.BasisOf"/>), so that no label says more than was computed.</summary>
public enum CalciumBasis
{
    /// <summary>No usable serum calcium.</summary>
    NoCalcium,

    /// <summary>Measured calcium + 0.8 × (4.0 − albumin g/dL).</summary>
    Corrected,

    /// <summary>Measured calcium, not corrected: albumin above 4.0 g/dL and Triage:CorrectCalciumWhenAlbuminAbove4 off.</summary>
    MeasuredAlbuminAbove4,

    /// <summary>Measured calcium with albumin missing: not corrected, a floor under the local policy.</summary>
    MeasuredAlbuminMissing,
}
