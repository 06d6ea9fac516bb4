using BoneMets.Fhir.Triage.Findings;

namespace BoneMets.Fhir.Triage.Scores;

/// <summary>
/// Collects a score's items as they are looked up, so every score states the same things the same way:
/// a missing input adds its name to Missing and an item without points; the total exists only when
/// nothing is missing and every item scored.
/// </summary>
internal sealed class ScoreSheet
{
    private readonly List<ScoreItem> items = [];
    private readonly List<string> missing = [];
    private readonly List<string> derivedFrom = [];
    private readonly List<string> notes = [];
    private readonly List<ScoreQuantity> quantities = [];
    private bool allScored = true;

    /// <summary>An item read from a patient-level finding.</summary>
    public int? Item<T>(string item, string input, Finding<T>? finding, Func<T, string> display, Func<T, int?> points)
    {
        if (finding is null)
        {
            return Missing(item, input);
        }

        UsedSource(finding.Source);
        return Scored(item, display(finding.Value), points(finding.Value));
    }

    /// <summary>An item read from one characteristic of a lesion (the lesion is the source).</summary>
    public int? Item<T>(string item, string input, T? value, string source, Func<T, string> display, Func<T, int?> points)
        where T : struct
    {
        if (value is not { } known)
        {
            return Missing(item, input);
        }

        UsedSource(source);
        return Scored(item, display(known), points(known));
    }

    /// <summary>An item whose input is missing: no points, and the input's name in Missing.</summary>
    public int? Missing(string item, string input)
    {
        items.Add(new ScoreItem(item, null, null));
        AddMissing(input);
        return null;
    }

    /// <summary>
    /// An item with an input and its points; null points (outside the table, or an informative item of a
    /// categorical result) leave the total unknown.
    /// </summary>
    public int? Scored(string item, string? input, int? points)
    {
        items.Add(new ScoreItem(item, input, points));
        allScored &= points is not null;
        return points;
    }

    public void AddMissing(string input)
    {
        if (!missing.Contains(input))
        {
            missing.Add(input);
        }
    }

    public void UsedSource(string source)
    {
        if (!derivedFrom.Contains(source))
        {
            derivedFrom.Add(source);
        }
    }

    public void Note(string note) => notes.Add(note);

    public void Quantity(decimal value, string unit) => quantities.Add(new ScoreQuantity(value, unit));

    public int? Total => missing.Count == 0 && allScored ? items.Sum(i => i.Points ?? 0) : null;

    public ScoreResult Result(string name, string version, string source, int? total, ScoreBand? band) => new()
    {
        Name = name,
        Version = version,
        Source = source,
        Total = total,
        Band = band,
        Items = [.. items],
        Missing = [.. missing],
        DerivedFrom = [.. derivedFrom],
        Quantities = [.. quantities],
        Notes = [.. notes],
    };
}
