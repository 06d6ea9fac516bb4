using BoneMets.Fhir.Case;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Terminology;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Gather;

/// <summary>One read or search gathering makes; <paramref name="Keep"/> filters matches when the server could not.</summary>
public sealed record GatherQuery(string What, string Url, Func<Resource, bool>? Keep = null);

/// <summary>
/// What to ask a partner for one referral, given what its CapabilityStatement supports. Pure. The Patient,
/// Task and ServiceRequest are in the message by now (carried, or fetched first for a references-only referral:
/// <see cref="PartnerReferrals"/>), so they are not fetched again;
/// everything the triage reads about the patient is searched, and every reference the message could not
/// resolve is read.
/// </summary>
public static class GatherPlan
{
    public const string RadiologyCategory = CodeSystems.Loinc + "|" + ClinicalCodes.LoincRadiologyCategory;

    /// <summary>The LOINC results the triage reads: labs, performance status and pain.</summary>
    public static readonly IReadOnlyList<string> TriageLoincCodes =
    [
        ClinicalCodes.LoincCalcium, ClinicalCodes.LoincAlbumin, ClinicalCodes.LoincEcog, ClinicalCodes.LoincKarnofsky, ClinicalCodes.LoincPainSeverity,
    ];

    public static (IReadOnlyList<GatherQuery> Queries, IReadOnlyList<ContextGap> Gaps) For(ReferralMessage message, Partner partner, Capabilities capabilities)
    {
        var queries = new List<GatherQuery>();
        var gaps = new List<ContextGap>();
        var patient = Uri.EscapeDataString(message.Patient.Id!);

        void Search(string what, string type, string query, Func<Resource, bool>? keep = null)
        {
            if (!capabilities.Searchable(type))
            {
                gaps.Add(new ContextGap(what, $"the partner's CapabilityStatement offers no {type} search"));
            }
            else if (capabilities.Supports(type, "patient"))
            {
                queries.Add(new GatherQuery(what, $"{type}?patient={patient}{query}", keep));
            }
            else if (capabilities.Supports(type, "subject"))
            {
                queries.Add(new GatherQuery(what, $"{type}?subject=Patient/{patient}{query}", keep));
            }
            else
            {
                gaps.Add(new ContextGap(what, $"the partner's CapabilityStatement offers no {type} search by patient or subject"));
            }
        }

        Search("Conditions", "Condition", "");

        var radiology = capabilities.Supports("DiagnosticReport", "category") ? "&category=" + RadiologyCategory : "";
        if (capabilities.Includes("DiagnosticReport", "DiagnosticReport:result"))
        {
            radiology += "&_include=DiagnosticReport:result";
        }

        Search("Radiology reports", "DiagnosticReport", radiology, radiology.Contains("category=", StringComparison.Ordinal) ? null : IsRadiology);
        Search("Imaging studies", "ImagingStudy", "");

        if (capabilities.Supports("Observation", "code"))
        {
            Search("Observations (labs, performance status, pain)", "Observation",
                "&code=" + string.Join(",", TriageLoincCodes.Select(c => $"{CodeSystems.Loinc}|{c}")));
            Search("Observations (bone-metastasis findings)", "Observation", $"&code={CodeSystems.Observation}|");
        }
        else
        {
            Search("Observations (labs, performance status, pain, findings)", "Observation", "", IsTriageObservation);
        }

        foreach (var reference in Unresolved(message))
        {
            if (AsRead(reference, partner.Options.Server) is { } read)
            {
                queries.Add(new GatherQuery($"Referenced {read[..read.IndexOf('/', StringComparison.Ordinal)]}", read));
            }
            else
            {
                gaps.Add(new ContextGap($"Referenced {reference}", "the reference points outside the partner's FHIR API and was not followed"));
            }
        }

        return (queries, gaps);
    }

    /// <summary>
    /// References in the message that no entry resolves, each once. Relative ones and absolute ones under the
    /// partner's base are read there; other servers' are not followed (not ours to read) and become gaps.
    /// </summary>
    public static IEnumerable<string> Unresolved(ReferralMessage message)
    {
        var index = new BundleIndex(message.Bundle);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < message.Bundle.Entry.Count; i++)
        {
            if (message.Bundle.Entry[i].Resource is not { } resource)
            {
                continue;
            }

            foreach (var (_, reference) in ReferenceWalker.Walk(resource, resource.TypeName))
            {
                if (reference.Reference is { } target && !target.StartsWith('#') && index.Resolve(target, i) is null && seen.Add(target))
                {
                    yield return target;
                }
            }
        }
    }

    /// <summary>"Type/id" for a relative reference or an absolute one under the partner's base; otherwise null.</summary>
    public static string? AsRead(string reference, string baseUrl)
    {
        var relative = reference.StartsWith(baseUrl + "/", StringComparison.Ordinal) ? reference[(baseUrl.Length + 1)..] : reference;
        return relative.Split('/') is [{ Length: > 0 } type, { Length: > 0 } id] && char.IsAsciiLetterUpper(type[0])
            && !relative.Contains(':', StringComparison.Ordinal) && !id.Contains('?', StringComparison.Ordinal)
            ? $"{type}/{id}"
            : null;
    }

    public static bool IsRadiology(Resource resource) => resource is DiagnosticReport report
        && report.Category.Any(c => c.Coding.Any(x => x.System == CodeSystems.Loinc && x.Code == ClinicalCodes.LoincRadiologyCategory));

    public static bool IsTriageObservation(Resource resource) => resource is Observation observation && observation.Code.Coding.Any(c =>
        (c.System == CodeSystems.Loinc && TriageLoincCodes.Contains(c.Code)) || c.System == CodeSystems.Observation);
}
