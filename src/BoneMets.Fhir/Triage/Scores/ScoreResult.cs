namespace BoneMets.Fhir.Triage.Scores;

/// <summary>
/// The result of one score (or framework) for one patient or one lesion: decision support, carrying the
/// inputs it used and the inputs it lacked. A score is never computed from partial inputs:
/// <see cref="Total"/> is null as soon as one input is missing, and a missing item is never scored as
/// its lowest value.
/// </summary>
public sealed record ScoreResult
{
    /// <summary>Display name, e.g. "Mirels' score".</summary>
    public required string Name { get; init; }

    /// <summary>The version implemented, e.g. "Tokuhashi revised 2005".</summary>
    public required string Version { get; init; }

    /// <summary>The publication the table comes from (author, journal, year, pages).</summary>
    public required string Source { get; init; }

    /// <summary>
    /// The total points; null when any input is missing or outside the published table, and always
    /// null for categorical results (Bilsky ESCC, NOMS, corrected calcium — see <see cref="Quantities"/>).
    /// </summary>
    public int? Total { get; init; }

    /// <summary>The published band the result falls in; null when unknown (or when the score has no bands).</summary>
    public ScoreBand? Band { get; init; }

    /// <summary>One row per published item: what was seen and the points it scored (null if unknown).</summary>
    public IReadOnlyList<ScoreItem> Items { get; init; } = [];

    /// <summary>The finding names (see Findings.FindingNames / ObservationCodes) the score lacked.</summary>
    public IReadOnlyList<string> Missing { get; init; } = [];

    /// <summary>Relative references ("Observation/{id}") of every resource an input came from, in order of use.</summary>
    public IReadOnlyList<string> DerivedFrom { get; init; } = [];

    /// <summary>Calculated values with a UCUM unit (corrected calcium in mg/dL and mmol/L); empty for point scores.</summary>
    public IReadOnlyList<ScoreQuantity> Quantities { get; init; } = [];

    /// <summary>What a clinician should know about how this result was reached (policies applied, caveats).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public bool IsComplete => Missing.Count == 0;
}

/// <summary>One item of a score: its published name, the input seen (null when missing), its points.</summary>
public sealed record ScoreItem(string Name, string? Input, int? Points);

/// <summary>A band of a score: a stable code for machines and its published meaning for people.</summary>
public sealed record ScoreBand(string Code, string Meaning);

/// <summary>A calculated value and its UCUM unit code.</summary>
public sealed record ScoreQuantity(decimal Value, string Unit);
