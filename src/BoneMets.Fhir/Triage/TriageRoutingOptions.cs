using static BoneMets.Fhir.Terminology.CareTeams;

namespace BoneMets.Fhir.Triage;

/// <summary>Where one band of a score or one finding sends the case, and how urgently.</summary>
public sealed class RoutePolicy
{
    public RoutePolicy()
    {
    }

    public RoutePolicy(string team, Urgency urgency)
    {
        Team = team;
        Urgency = urgency;
    }

    /// <summary>A code of <see cref="Terminology.CareTeams"/>.</summary>
    public string Team { get; set; } = string.Empty;

    public Urgency Urgency { get; set; }

    public override string ToString() => $"{Team}, {Urgency.ToString().ToLowerInvariant()}";
}

/// <summary>
/// Local policy: which band routes where ("Triage:Routing"). Each default below is this project's documented
/// choice, taken from scores.md where it states a local policy and from the issue otherwise. Not configurable on
/// purpose: the MSCC emergency (neurological red flags, cord compression, ESCC 2–3 → emergency, neurosurgical-spine
/// and radiation-oncology; NICE NG234) and the NOMS pathways (Laufer 2013), which are published rules.
/// </summary>
public sealed class TriageRoutingOptions
{
    /// <summary>Mirels ≥ 9 (prophylactic fixation recommended). Default orthopaedic-oncology, urgent (scores.md local policy).</summary>
    public RoutePolicy MirelsFixation { get; set; } = new(OrthopaedicOncology, Urgency.Urgent);

    /// <summary>Mirels 8 (clinical judgement). Default orthopaedic-oncology team discussion, routine (scores.md local policy).</summary>
    public RoutePolicy MirelsClinicalJudgement { get; set; } = new(OrthopaedicOncology, Urgency.Routine);

    /// <summary>Mirels ≤ 7 (radiotherapy and observation). Default radiation-oncology, routine (scores.md local policy).</summary>
    public RoutePolicy MirelsObservation { get; set; } = new(RadiationOncology, Urgency.Routine);

    /// <summary>
    /// A long-bone lesion whose Mirels score cannot be computed. Default orthopaedic-oncology, routine: fracture risk
    /// unknown is assessed by the fracture team (this project's choice; the missing items are requested).
    /// </summary>
    public RoutePolicy MirelsIncomplete { get; set; } = new(OrthopaedicOncology, Urgency.Routine);

    /// <summary>Functional pain in a weight-bearing (lower-limb or peritrochanteric) lesion. Default orthopaedic-oncology, urgent (scores.md local policy).</summary>
    public RoutePolicy FunctionalPainWeightBearing { get; set; } = new(OrthopaedicOncology, Urgency.Urgent);

    /// <summary>Unable to bear weight. Default orthopaedic-oncology, urgent (scores.md local policy).</summary>
    public RoutePolicy UnableToBearWeight { get; set; } = new(OrthopaedicOncology, Urgency.Urgent);

    /// <summary>SINS 7–12 (potentially unstable: spine surgical consultation, Fisher 2010). Default neurosurgical-spine, routine.</summary>
    public RoutePolicy SinsPotentiallyUnstable { get; set; } = new(NeurosurgicalSpine, Urgency.Routine);

    /// <summary>SINS 13–18 (unstable). Default neurosurgical-spine, urgent (issue 3).</summary>
    public RoutePolicy SinsUnstable { get; set; } = new(NeurosurgicalSpine, Urgency.Urgent);

    /// <summary>ESCC 1c read as low grade: spine team review (scores.md local policy). Default neurosurgical-spine, routine.</summary>
    public RoutePolicy Escc1cReview { get; set; } = new(NeurosurgicalSpine, Urgency.Routine);

    /// <summary>
    /// Spinal pain suggesting metastases without neurology (NICE NG234: contact within 24 h, MRI within a week).
    /// Default neurosurgical-spine, urgent.
    /// </summary>
    public RoutePolicy SpinalPain { get; set; } = new(NeurosurgicalSpine, Urgency.Urgent);

    /// <summary>Severe hypercalcaemia, CTCAE grade 4, or any level with an emergency feature. Default medical-oncology, emergency (scores.md local policy).</summary>
    public RoutePolicy HypercalcaemiaEmergency { get; set; } = new(MedicalOncology, Urgency.Emergency);

    /// <summary>Moderate hypercalcaemia. Default medical-oncology, urgent (scores.md local policy).</summary>
    public RoutePolicy HypercalcaemiaModerate { get; set; } = new(MedicalOncology, Urgency.Urgent);

    /// <summary>Mild hypercalcaemia (band mild or CTCAE grade 1–3 below the moderate band). Default medical-oncology, routine.</summary>
    public RoutePolicy HypercalcaemiaMild { get; set; } = new(MedicalOncology, Urgency.Routine);

    public IEnumerable<(string Name, RoutePolicy Policy)> All() =>
    [
        (nameof(MirelsFixation), MirelsFixation),
        (nameof(MirelsClinicalJudgement), MirelsClinicalJudgement),
        (nameof(MirelsObservation), MirelsObservation),
        (nameof(MirelsIncomplete), MirelsIncomplete),
        (nameof(FunctionalPainWeightBearing), FunctionalPainWeightBearing),
        (nameof(UnableToBearWeight), UnableToBearWeight),
        (nameof(SinsPotentiallyUnstable), SinsPotentiallyUnstable),
        (nameof(SinsUnstable), SinsUnstable),
        (nameof(Escc1cReview), Escc1cReview),
        (nameof(SpinalPain), SpinalPain),
        (nameof(HypercalcaemiaEmergency), HypercalcaemiaEmergency),
        (nameof(HypercalcaemiaModerate), HypercalcaemiaModerate),
        (nameof(HypercalcaemiaMild), HypercalcaemiaMild),
    ];

    public IEnumerable<string> Problems()
    {
        foreach (var (name, policy) in All())
        {
            if (policy is null || !Terminology.CareTeams.All.Contains(policy.Team))
            {
                yield return $"Triage:Routing:{name}:Team '{policy?.Team}' is not one of {string.Join(", ", Terminology.CareTeams.All)}.";
            }
            else if (!Enum.IsDefined(policy.Urgency))
            {
                yield return $"Triage:Routing:{name}:Urgency '{policy.Urgency}' is not routine, urgent or emergency.";
            }
        }
    }
}
