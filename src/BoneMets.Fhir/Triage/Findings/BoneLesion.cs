namespace BoneMets.Fhir.Triage.Findings;

/// <summary>
/// One bone lesion: one Observation coded <c>bone-lesion</c>, its characteristics read from the components.
/// Every characteristic is nullable: a component that was not sent, or could not be read, is missing,
/// never its lowest category.
/// </summary>
public sealed record BoneLesion
{
    /// <summary>"Observation/{id}" of the lesion.</summary>
    public required string Source { get; init; }

    public DateTimeOffset? Effective { get; init; }

    public LesionType? Type { get; init; }

    /// <summary>Share of the bone's diameter the lesion involves, in percent (UCUM "%"), as sent (precision kept).</summary>
    public decimal? DiameterFractionPercent { get; init; }

    public MirelsSite? MirelsSite { get; init; }

    public MirelsPain? MirelsPain { get; init; }

    public SpinalLevel? SpinalLevel { get; init; }

    public SpinalPain? SpinalPain { get; init; }

    public SpinalAlignment? Alignment { get; init; }

    public VertebralCollapse? Collapse { get; init; }

    public PosterolateralInvolvement? Posterolateral { get; init; }

    public EsccGrade? EsccGrade { get; init; }

    /// <summary>
    /// A long-bone lesion carries at least one Mirels-only component (site, Mirels pain, diameter fraction).
    /// The lesion type alone does not say where the lesion is.
    /// </summary>
    public bool IsLongBone => MirelsSite is not null || MirelsPain is not null || DiameterFractionPercent is not null;

    /// <summary>A spinal lesion carries at least one spine-only component (level, SINS items, ESCC grade).</summary>
    public bool IsSpinal =>
        SpinalLevel is not null || SpinalPain is not null || Alignment is not null
        || Collapse is not null || Posterolateral is not null || EsccGrade is not null;
}
