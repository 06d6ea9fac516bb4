using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage.Findings;

namespace BoneMets.Fhir.Triage.Scores;

/// <summary>
/// Spinal Instability Neoplastic Score, per spinal lesion.
/// Fisher CG et al. Spine 2010;35(22):E1221–E1229.
/// <code>
/// location       junctional (occiput–C2, C7–T2, T11–L1, L5–S1) 3; mobile (C3–C6, L2–L4) 2;
///                semirigid (T3–T10) 1; rigid (S2–S5) 0
/// pain           mechanical 3; occasional, not mechanical 1; pain-free 0   (NOT 3/2/1, a miscopied table)
/// bone lesion    lytic 2; mixed 1; blastic 0
/// alignment      subluxation/translation 4; de novo deformity 2; normal 0
/// collapse       &gt; 50% 3; &lt; 50% 2; none with &gt; 50% of the body involved 1; none of these 0
/// posterolateral bilateral 3; unilateral 1; none 0
/// </code>
/// Total 0–18: 0–6 stable; 7–12 indeterminate (potentially unstable); 13–18 unstable.
/// A spine surgical consultation is recommended from 7.
/// </summary>
public static class Sins
{
    public const string Name = "SINS";
    public const string Version = "SINS (Fisher 2010)";
    public const string Source = "Fisher CG et al. Spine 2010;35(22):E1221–E1229";

    public const int MaximumTotal = 18;
    public const int IndeterminateMinimum = 7;
    public const int UnstableMinimum = 13;

    public static readonly ScoreBand Stable = new("stable", "0–6: stable");

    public static readonly ScoreBand Indeterminate =
        new("indeterminate", "7–12: indeterminate (potentially unstable); spine surgical consultation recommended");

    public static readonly ScoreBand Unstable = new("unstable", "13–18: unstable; spine surgical consultation recommended");

    public static ScoreResult Score(BoneLesion lesion)
    {
        var sheet = new ScoreSheet();
        var source = lesion.Source;
        sheet.Item("location", ObservationCodes.SpinalLevel, lesion.SpinalLevel, source, l => $"{l} ({LocationCategory(l)})", l => LocationPoints(l));
        sheet.Item("pain", ObservationCodes.SpinalPain, lesion.SpinalPain, source, FindingCodes.SpinalPain.Code, p => PainPoints(p));
        sheet.Item("bone lesion", ObservationCodes.LesionType, lesion.Type, source, FindingCodes.LesionType.Code, t => LesionPoints(t));
        sheet.Item("radiographic alignment", ObservationCodes.SpinalAlignment, lesion.Alignment, source, FindingCodes.SpinalAlignment.Code, a => AlignmentPoints(a));
        sheet.Item("vertebral body collapse", ObservationCodes.VertebralCollapse, lesion.Collapse, source, FindingCodes.VertebralCollapse.Code, c => CollapsePoints(c));
        sheet.Item("posterolateral involvement", ObservationCodes.PosterolateralInvolvement, lesion.Posterolateral, source, FindingCodes.PosterolateralInvolvement.Code, p => PosterolateralPoints(p));
        var total = sheet.Total;
        return sheet.Result(Name, Version, Source, total, total is { } t ? BandFor(t) : null);
    }

    /// <summary>junctional | mobile | semirigid | rigid, from the level (Fisher 2010 location rows).</summary>
    public static string LocationCategory(SpinalLevel level) => LocationPoints(level) switch
    {
        3 => "junctional",
        2 => "mobile",
        1 => "semirigid",
        _ => "rigid",
    };

    public static int LocationPoints(SpinalLevel level)
    {
        var n = level.Number;
        return level.Region switch
        {
            SpinalRegion.Occiput => 3,                                  // occiput–C2 junctional
            SpinalRegion.Cervical => n is <= 2 or 7 ? 3 : 2,            // C1–C2, C7 junctional; C3–C6 mobile
            SpinalRegion.Thoracic => n is <= 2 or >= 11 ? 3 : 1,        // T1–T2, T11–T12 junctional; T3–T10 semirigid
            SpinalRegion.Lumbar => n is 1 or 5 ? 3 : 2,                 // L1, L5 junctional; L2–L4 mobile
            SpinalRegion.Sacral => n == 1 ? 3 : 0,                      // S1 junctional; S2–S5 rigid
            _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
        };
    }

    public static int PainPoints(SpinalPain pain) => pain switch
    {
        SpinalPain.Mechanical => 3,
        SpinalPain.Occasional => 1,
        SpinalPain.PainFree => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(pain), pain, null),
    };

    public static int LesionPoints(LesionType type) => type switch
    {
        LesionType.Lytic => 2,
        LesionType.Mixed => 1,
        LesionType.Blastic => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static int AlignmentPoints(SpinalAlignment alignment) => alignment switch
    {
        SpinalAlignment.Subluxation => 4,
        SpinalAlignment.Deformity => 2,
        SpinalAlignment.Normal => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(alignment), alignment, null),
    };

    public static int CollapsePoints(VertebralCollapse collapse) => collapse switch
    {
        VertebralCollapse.Over50 => 3,
        VertebralCollapse.Under50 => 2,
        VertebralCollapse.NoneOver50Involved => 1,
        VertebralCollapse.None => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(collapse), collapse, null),
    };

    public static int PosterolateralPoints(PosterolateralInvolvement involvement) => involvement switch
    {
        PosterolateralInvolvement.Bilateral => 3,
        PosterolateralInvolvement.Unilateral => 1,
        PosterolateralInvolvement.None => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(involvement), involvement, null),
    };

    public static ScoreBand BandFor(int total)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(total, MaximumTotal);
        return total switch
        {
            < IndeterminateMinimum => Stable,
            < UnstableMinimum => Indeterminate,
            _ => Unstable,
        };
    }
}
