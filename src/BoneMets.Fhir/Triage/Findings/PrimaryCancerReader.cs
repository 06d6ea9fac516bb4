using BoneMets.Fhir.Terminology;
using Hl7.Fhir.Model;
using static BoneMets.Fhir.Triage.Findings.ObservationValues;

namespace BoneMets.Fhir.Triage.Findings;

/// <summary>
/// Reads the primary cancer from Conditions. A Condition coded as a secondary neoplasm (ICD-10-CM
/// C77–C79, C7B; SNOMED CT 128462008 or 94222008) is never a primary, whatever else it carries.
/// Refuted and entered-in-error Conditions are ignored; clinical status is not, because a primary in
/// remission still names the histology of its bone metastases. When the Conditions name more than one
/// primary site, none is chosen: the candidates and a problem are reported instead.
/// </summary>
internal static class PrimaryCancerReader
{
    private const string VerificationStatusSystem = "http://terminology.hl7.org/CodeSystem/condition-ver-status";

    public static (Finding<PrimarySite>? Primary, IReadOnlyList<Finding<PrimarySite>> Candidates) Read(
        IEnumerable<Condition> conditions, List<FindingProblem> problems)
    {
        var candidates = new List<Finding<PrimarySite>>();
        foreach (var condition in conditions.Where(c => !IsVoid(c) && !IsSecondary(c)))
        {
            var sites = condition.Code?.Coding
                .Where(c => c.System == CodeSystems.Icd10Cm)
                .Select(c => PrimaryCancerCodes.Classify(c.Code, out var site) == CancerCodeKind.Primary ? site : (PrimarySite?)null)
                .OfType<PrimarySite>()
                .Distinct()
                .ToList() ?? [];
            if (sites.Count > 1)
            {
                problems.Add(new FindingProblem(
                    Reference(condition), FindingNames.PrimaryCancer, "one Condition carries codes of different primary sites", string.Join(", ", sites)));
                continue;
            }

            if (sites.Count == 1)
            {
                candidates.Add(new Finding<PrimarySite>(sites[0], Reference(condition), Recorded(condition)));
            }
        }

        candidates = [.. candidates.OrderByDescending(c => c.Effective).ThenBy(c => c.Source, StringComparer.Ordinal)];
        var distinctSites = candidates.Select(c => c.Value).Distinct().ToList();
        if (distinctSites.Count > 1)
        {
            problems.Add(new FindingProblem(
                candidates[0].Source,
                FindingNames.PrimaryCancer,
                "the Conditions name more than one primary cancer; none chosen",
                string.Join(", ", candidates.Select(c => $"{c.Value} ({c.Source})"))));
            return (null, candidates);
        }

        return (candidates.FirstOrDefault(), candidates);
    }

    private static bool IsVoid(Condition condition) =>
        HasCoding(condition.VerificationStatus, VerificationStatusSystem, "entered-in-error")
        || HasCoding(condition.VerificationStatus, VerificationStatusSystem, "refuted");

    private static bool IsSecondary(Condition condition) => condition.Code?.Coding.Any(c =>
        (c.System == CodeSystems.Icd10Cm && PrimaryCancerCodes.Classify(c.Code, out _) == CancerCodeKind.Secondary)
        || (c.System == CodeSystems.Snomed
            && c.Code is ClinicalCodes.SnomedSecondaryMalignancy or ClinicalCodes.SnomedSecondaryMalignancyOfBone)) == true;

    /// <summary>recordedDate, else the onset (dateTime, or a Period's start).</summary>
    private static DateTimeOffset? Recorded(Condition condition) =>
        ToInstant(condition.RecordedDateElement)
        ?? condition.Onset switch
        {
            FhirDateTime onset => ToInstant(onset),
            Period period => ToInstant(period.StartElement),
            _ => null,
        };
}
