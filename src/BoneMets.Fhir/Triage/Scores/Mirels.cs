using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage.Findings;

namespace BoneMets.Fhir.Triage.Scores;

/// <summary>
/// Mirels' score for an impending pathologic fracture of a long bone, per lesion.
/// Mirels H. Clin Orthop Relat Res 1989;(249):256–264.
/// <code>
/// item    1            2              3
/// site    upper limb   lower limb     peritrochanteric
/// pain    mild         moderate       functional
/// lesion  blastic      mixed          lytic
/// size    &lt; 1/3        1/3 – 2/3      &gt; 2/3     (fraction of the bone's diameter)
/// </code>
/// Total 4–12. ≤ 7 radiotherapy and observation (risk ≤ about 4%); 8 clinical judgement (about 15%);
/// ≥ 9 prophylactic fixation recommended (≥ about 33%). "≥ 8 → fix", found in secondary sources, is not Mirels.
/// Pain comes only from the coded Mirels pain category: there is no published mapping from a 0–10 rating.
/// </summary>
public static class Mirels
{
    public const string Name = "Mirels' score";
    public const string Version = "Mirels 1989";
    public const string Source = "Mirels H. Clin Orthop Relat Res 1989;(249):256–264";

    public const int MinimumTotal = 4;
    public const int MaximumTotal = 12;

    /// <summary>Highest total of the radiotherapy-and-observation band.</summary>
    public const int ObservationMaximum = 7;

    /// <summary>The single total read as "clinical judgement" — not a fixation threshold.</summary>
    public const int ClinicalJudgement = 8;

    /// <summary>Lowest total for which Mirels recommends prophylactic fixation.</summary>
    public const int FixationMinimum = 9;

    public static readonly ScoreBand RadiotherapyAndObservation =
        new("radiotherapy-observation", "≤ 7: radiotherapy and observation (fracture risk ≤ about 4%)");

    public static readonly ScoreBand ClinicalJudgementBand =
        new("clinical-judgement", "8: clinical judgement (fracture risk about 15%)");

    public static readonly ScoreBand ProphylacticFixation =
        new("prophylactic-fixation", "≥ 9: prophylactic fixation recommended (fracture risk ≥ about 33%)");

    public static ScoreResult Score(BoneLesion lesion)
    {
        var sheet = new ScoreSheet();
        var source = lesion.Source;
        sheet.Item("site", ObservationCodes.MirelsSite, lesion.MirelsSite, source, FindingCodes.MirelsSite.Code, v => SitePoints(v));
        sheet.Item("pain", ObservationCodes.MirelsPain, lesion.MirelsPain, source, FindingCodes.MirelsPain.Code, v => PainPoints(v));
        sheet.Item("lesion", ObservationCodes.LesionType, lesion.Type, source, FindingCodes.LesionType.Code, v => LesionPoints(v));
        sheet.Item("size", ObservationCodes.DiameterFraction, lesion.DiameterFractionPercent, source, v => $"{v} %", v => SizePoints(v));
        var total = sheet.Total;
        return sheet.Result(Name, Version, Source, total, total is { } t ? BandFor(t) : null);
    }

    public static int SitePoints(MirelsSite site) => site switch
    {
        MirelsSite.UpperLimb => 1,
        MirelsSite.LowerLimb => 2,
        MirelsSite.Peritrochanteric => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(site), site, null),
    };

    public static int PainPoints(MirelsPain pain) => pain switch
    {
        MirelsPain.Mild => 1,
        MirelsPain.Moderate => 2,
        MirelsPain.Functional => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(pain), pain, null),
    };

    public static int LesionPoints(LesionType type) => type switch
    {
        LesionType.Blastic => 1,
        LesionType.Mixed => 2,
        LesionType.Lytic => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>
    /// Size points from the share of the bone's diameter involved, in percent.
    /// Decision (the paper does not define the edges): the table reads "&lt; 1/3", "1/3 – 2/3", "&gt; 2/3", so
    /// exactly 1/3 and exactly 2/3 both score 2. A decimal carries its precision in FHIR, so a value equal
    /// to 1/3 or 2/3 rounded to the precision it was sent with IS that edge: 33, 33.3, 33.33 and 67, 66.7,
    /// 66.67 score 2; 33.32 scores 1; 66.68 (and 66.70, which claims hundredths) scores 3.
    /// </summary>
    public static int SizePoints(decimal percent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(percent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100m);
        var scale = percent.Scale;
        var oneThird = Math.Round(100m / 3m, scale, MidpointRounding.AwayFromZero);
        var twoThirds = Math.Round(200m / 3m, scale, MidpointRounding.AwayFromZero);
        if (percent == oneThird || percent == twoThirds)
        {
            return 2;
        }

        return (percent * 3m) switch
        {
            < 100m => 1,
            > 200m => 3,
            _ => 2,
        };
    }

    public static ScoreBand BandFor(int total)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(total, MinimumTotal);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(total, MaximumTotal);
        return total switch
        {
            <= ObservationMaximum => RadiotherapyAndObservation,
            ClinicalJudgement => ClinicalJudgementBand,
            _ => ProphylacticFixation,
        };
    }
}
