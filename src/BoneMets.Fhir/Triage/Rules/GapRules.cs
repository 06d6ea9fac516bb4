using BoneMets.Fhir.Case;

namespace BoneMets.Fhir.Triage.Rules;

/// <summary>
/// What gathering could not get (<see cref="ConsultCase.Gaps"/>) and the triage reads: imaging, radiology reports,
/// labs, performance status, pain, lesion findings, the cancer Conditions. Each such gap is a reason on the decision
/// and an input asked for, so an urgency reached without that data reads as a floor, never as a conclusion — the
/// data that could have raised it was not seen. Gaps in what the triage does not read (the requester's Practitioner)
/// stay in the case document only.
/// </summary>
public static class GapRules
{
    private const string Source = "ADR 9 and ADR 10: a gap in gathering is never silent";

    /// <summary>The gathering queries (GatherPlan) and referenced types whose results the triage reads.</summary>
    private static readonly string[] Read =
    [
        "Conditions", "Radiology reports", "Imaging studies", "Observations",
        "Referenced Observation", "Referenced ImagingStudy", "Referenced DiagnosticReport", "Referenced Condition",
    ];

    public static bool Matters(ContextGap gap) => Read.Any(prefix => gap.What.StartsWith(prefix, StringComparison.Ordinal));

    public static IEnumerable<Indication> Evaluate(ConsultCase consultCase) => consultCase.Gaps.Where(Matters)
        .GroupBy(g => g.What).Select(g => Indication.Note("gather-gap",
            $"{g.Key} could not be gathered from the referrer's EHR ({string.Join("; ", g.Select(x => x.Why).Distinct())}): " +
            "the urgency and routing stand without them and could be higher.",
            Source, []));

    public static IEnumerable<MissingInput> Missing(ConsultCase consultCase) => consultCase.Gaps.Where(Matters)
        .GroupBy(g => g.What).Select(g => new MissingInput(g.Key,
            $"it could not be gathered from your EHR ({string.Join("; ", g.Select(x => x.Why).Distinct())}) and could change the urgency or the routing"));
}
