using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Search;
using Hl7.Fhir.Model;
using Issue = Hl7.Fhir.Model.OperationOutcome.IssueComponent;

namespace BoneMets.Fhir.Validation;

/// <summary>
/// Validates FHIR resources against the project's profiles, on top of Firely's structural checks (the strict
/// parser: unknown elements, wrong types, codes outside FHIR's own required bindings, bad dates, missing
/// required elements). A Bundle is validated against its profile, then every entry against the profile that
/// applies to it (<see cref="ProfileAssignment"/>), with references resolved through the entries' fullUrls.
/// Every finding is an OperationOutcome issue with a severity, an issue-type code, a FHIRPath expression from the
/// validated resource ("Bundle.entry[3].resource.code") and a sentence. What it does not check: docs/validation.md.
/// </summary>
/// <param name="verdictCapacity">Resources whose verdict is kept for identical content (<see cref="VerdictCache"/>); 0: none (benchmarks).</param>
public sealed class ResourceValidator(ProfileSet profiles, int verdictCapacity = ProfileValidator.DefaultVerdicts)
{
    private static readonly Lazy<ResourceValidator> Shared = new(() => new ResourceValidator(ProfileSet.Embedded));
    private readonly ProfileValidator validator = new(profiles, verdictCapacity);

    /// <summary>The validator over the profiles embedded in this assembly.</summary>
    public static ResourceValidator Default => Shared.Value;

    public ProfileSet Profiles => profiles;

    /// <summary>Parses JSON strictly and validates what it holds; parse errors come back as issues, as do profile findings.</summary>
    public IReadOnlyList<Issue> ValidateJson(string json, ResourceRole role)
    {
        var parsed = FhirJson.TryParse(json);
        if (parsed.Resource is null || !parsed.Succeeded)
        {
            return parsed.Issues;
        }

        return Validate(parsed.Resource, role);
    }

    /// <summary>Validates a resource (and, for a Bundle, its entries) against the profile given, else the one that applies.</summary>
    public IReadOnlyList<Issue> Validate(Resource resource, ResourceRole role, string? profileUrl = null)
    {
        var issues = new List<Issue>();
        var resolve = resource is Bundle bundle ? BundleTypes(bundle) : StandaloneType;
        if ((profileUrl ?? ProfileAssignment.ProfileFor(resource, role, profiles)) is { } profile)
        {
            issues.AddRange(validator.Validate(resource, profile, resolve));
        }

        if (resource is Bundle b)
        {
            issues.AddRange(ValidateEntries(b, role));
        }

        return issues;
    }

    /// <summary>
    /// A Bundle's entries, each against the profile that applies to it, without the Bundle's own profile: for a
    /// references-only referral message, which by design lacks what the referral-message profile requires (the
    /// Patient, the ServiceRequest) until the referral is fetched from its partner.
    /// </summary>
    public IReadOnlyList<Issue> ValidateEntries(Bundle bundle, ResourceRole role)
    {
        var issues = new List<Issue>();
        var resolve = BundleTypes(bundle);
        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            if (bundle.Entry[i].Resource is { } entry && ProfileAssignment.ProfileFor(entry, role, profiles) is { } entryProfile)
            {
                var prefix = $"Bundle.entry[{i}].resource";
                issues.AddRange(validator.Validate(entry, entryProfile, resolve).Select(issue => Rebase(issue, entry.TypeName, prefix)));
            }
        }

        return issues;
    }

    /// <summary>"Observation.code" in entry 3 → "Bundle.entry[3].resource.code", in the expression and the sentence.</summary>
    private static Issue Rebase(Issue issue, string type, string prefix)
    {
        string Move(string? text) => text is null ? string.Empty : text == type || text.StartsWith(type + ".", StringComparison.Ordinal) ? prefix + text[type.Length..] : text;
        issue.Expression = issue.Expression.Select(Move).ToList();
        if (issue.Diagnostics is { } text && text.StartsWith(type, StringComparison.Ordinal))
        {
            var end = text.IndexOf(' ', StringComparison.Ordinal);
            issue.Diagnostics = end < 0 ? Move(text) : Move(text[..end]) + text[end..];
        }

        return issue;
    }

    /// <summary>Relative ("Type/id") and absolute RESTful references, versioned or not, give their type; others are unknown.</summary>
    private static string? StandaloneType(string reference)
    {
        var parts = ReferenceValue.SplitVersion(reference).Unversioned.Split('/');
        return reference.StartsWith("urn:", StringComparison.Ordinal) || reference.StartsWith('#') || parts.Length < 2 ? null : parts[^2];
    }

    /// <summary>References resolve through the entries' fullUrls first (urn:uuid included), then as RESTful references.</summary>
    private static Func<string, string?> BundleTypes(Bundle bundle)
    {
        var byFullUrl = bundle.Entry.Where(e => e.FullUrl is not null && e.Resource is not null)
            .GroupBy(e => e.FullUrl!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Resource!.TypeName, StringComparer.Ordinal);
        return reference => byFullUrl.TryGetValue(reference, out var type) ? type : StandaloneType(reference);
    }
}
