namespace BoneMets.Fhir.Triage.Findings;

/// <summary>
/// One value read from one FHIR resource. <see cref="Source"/> is the relative reference
/// ("Observation/{id}", "Condition/{id}") a score lists in derivedFrom; <see cref="Effective"/> is the
/// resource's effective[x] (Observation) or recordedDate/onset (Condition), null when it has none.
/// </summary>
public sealed record Finding<T>(T Value, string Source, DateTimeOffset? Effective)
{
    /// <summary>The value and UCUM unit as sent ("3.55 mmol/L") when the reader converted it; null otherwise.</summary>
    public string? AsSent { get; init; }
}

/// <summary>
/// Something in the case the reader could not use, and why: an unexpected unit, an unknown code, two
/// values recorded for the same moment. The finding concerned is left missing, never guessed.
/// </summary>
/// <param name="Source">The resource, as "Observation/{id}".</param>
/// <param name="Finding">The finding's name (<see cref="FindingNames"/> or an ObservationCodes code).</param>
/// <param name="Problem">What is wrong, in words.</param>
/// <param name="ValueSeen">The unit, code or value as received, when there is one.</param>
public sealed record FindingProblem(string Source, string Finding, string Problem, string? ValueSeen);
