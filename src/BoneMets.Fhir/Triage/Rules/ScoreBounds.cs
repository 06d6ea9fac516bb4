using BoneMets.Fhir.Triage.Findings;
using BoneMets.Fhir.Triage.Scores;

namespace BoneMets.Fhir.Triage.Rules;

/// <summary>
/// The lowest and highest total an incomplete point score could still reach: the known points plus each missing
/// item at its lowest (lowest total) or highest (highest total) published points. The total itself stays unknown
/// (a score is never computed from partial inputs); the bounds only say whether the missing items could move the
/// result across a threshold — and so whether asking for them could change the urgency or the routing.
/// </summary>
public readonly record struct ScoreBounds(int Lowest, int Highest)
{
    /// <summary>Mirels: every item scores 1–3 (Mirels 1989).</summary>
    private static readonly Dictionary<string, (int Min, int Max)> MirelsItems = new(StringComparer.Ordinal)
    {
        ["site"] = Range(Enum.GetValues<MirelsSite>().Select(Mirels.SitePoints)),
        ["pain"] = Range(Enum.GetValues<MirelsPain>().Select(Mirels.PainPoints)),
        ["lesion"] = Range(Enum.GetValues<LesionType>().Select(Mirels.LesionPoints)),
        ["size"] = (Mirels.SizePoints(0m), Mirels.SizePoints(100m)),
    };

    /// <summary>SINS item ranges, from the published tables in <see cref="Sins"/> (Fisher 2010).</summary>
    private static readonly Dictionary<string, (int Min, int Max)> SinsItems = new(StringComparer.Ordinal)
    {
        ["location"] = (Sins.LocationPoints(SpinalLevel.Sacral(5)), Sins.LocationPoints(SpinalLevel.Occiput)),
        ["pain"] = Range(Enum.GetValues<SpinalPain>().Select(Sins.PainPoints)),
        ["bone lesion"] = Range(Enum.GetValues<LesionType>().Select(Sins.LesionPoints)),
        ["radiographic alignment"] = Range(Enum.GetValues<SpinalAlignment>().Select(Sins.AlignmentPoints)),
        ["vertebral body collapse"] = Range(Enum.GetValues<VertebralCollapse>().Select(Sins.CollapsePoints)),
        ["posterolateral involvement"] = Range(Enum.GetValues<PosterolateralInvolvement>().Select(Sins.PosterolateralPoints)),
    };

    public static ScoreBounds OfMirels(ScoreResult mirels) => Of(mirels, MirelsItems);

    public static ScoreBounds OfSins(ScoreResult sins) => Of(sins, SinsItems);

    /// <summary>True when the total could fall on either side of <paramref name="threshold"/> (a band's lowest total).</summary>
    public bool Straddles(int threshold) => Lowest < threshold && threshold <= Highest;

    private static ScoreBounds Of(ScoreResult result, Dictionary<string, (int Min, int Max)> ranges)
    {
        if (result.Total is { } total)
        {
            return new ScoreBounds(total, total);
        }

        var lowest = 0;
        var highest = 0;
        foreach (var item in result.Items)
        {
            var (min, max) = item.Points is { } points ? (points, points) : ranges[item.Name];
            lowest += min;
            highest += max;
        }

        return new ScoreBounds(lowest, highest);
    }

    private static (int Min, int Max) Range(IEnumerable<int> points)
    {
        var all = points.ToList();
        return (all.Min(), all.Max());
    }
}
