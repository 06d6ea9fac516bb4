using BoneMets.Fhir.Fhir;
using Hl7.Fhir.Model;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;
using Issue = Hl7.Fhir.Model.OperationOutcome.IssueComponent;

namespace BoneMets.Fhir.Validation;

/// <summary>
/// Validates FHIR resources as the service judges them: Firely's strict parse, then Firely's validator
/// (<see cref="ProfileValidator"/>, ADR 0017) against the profile that applies (<see cref="ProfileAssignment"/>), a
/// Bundle's entries each against theirs, references resolved through the entries' fullUrls. Every finding is an
/// OperationOutcome issue with a severity, an issue-type code, a FHIRPath expression from the validated resource
/// ("Bundle.entry[3].resource.code") and a sentence. What it does not check: docs/validation.md.
/// </summary>
/// <param name="verdictCapacity">Instances whose verdict is kept for identical content (<see cref="VerdictCache"/>); 0: none (benchmarks).</param>
public sealed class ResourceValidator(ProfileSet profiles, int verdictCapacity = ResourceValidator.DefaultVerdicts)
{
    public const int DefaultVerdicts = 4096;
    private static readonly Lazy<ResourceValidator> Shared = new(() => new ResourceValidator(ProfileSet.Embedded));
    private readonly ProfileValidator validator = ProfileValidator.For(profiles);

    /// <summary>The validator over the profiles embedded in this assembly.</summary>
    public static ResourceValidator Default => Shared.Value;

    public ProfileSet Profiles => profiles;

    /// <summary>Verdicts for content already validated; null when the capacity is 0.</summary>
    internal VerdictCache? Verdicts { get; } = verdictCapacity > 0 ? new(verdictCapacity) : null;

    /// <summary>
    /// Loads the core definitions and compiles the schemas of every profile and the types they use by validating the
    /// guide's examples once (about 10 s on a 2-core machine), so that no message pays for it. Run before reporting ready.
    /// </summary>
    public void Warm()
    {
        foreach (var example in profiles.Examples)
        {
            _ = validator.Validate(example.Resource, CoreBase(example.Resource), ResourceRole.Received);
        }
    }

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

    /// <summary>Validates a resource (and, for a Bundle, its entries) against the profile given, else the one that applies, else its core type.</summary>
    public IReadOnlyList<Issue> Validate(Resource resource, ResourceRole role, string? profileUrl = null)
    {
        var profile = profileUrl ?? ProfileAssignment.ProfileFor(resource, role, profiles);
        if (profile is not null && !profiles.Profiles.TryGetValue(profile, out var definition))
        {
            return [Outcomes.Error(IssueType.NotSupported, resource.TypeName, $"The profile {profile} is not one of this server's profiles.")];
        }

        if (profile is not null && profiles.Profiles[profile].Type is { } type && type != resource.TypeName)
        {
            return [Outcomes.Error(IssueType.Structure, resource.TypeName, $"The profile {profiles.Profiles[profile].Name} is for a {type}, not a {resource.TypeName}.")];
        }

        return Cached(resource, profile ?? CoreBase(resource), role);
    }

    /// <summary>
    /// A Bundle's entries, each against the profile that applies to it, without the Bundle's own profile (the core
    /// Bundle's rules only): for a references-only referral message, which by design lacks what the referral-message
    /// profile requires (the Patient, the ServiceRequest) until the referral is fetched from its partner.
    /// </summary>
    public IReadOnlyList<Issue> ValidateEntries(Bundle bundle, ResourceRole role) => Cached(bundle, CoreBase(bundle), role);

    private static string CoreBase(Resource resource) => ProfileValidator.CoreBase + resource.TypeName;

    private List<Issue> Cached(Resource resource, string profile, ResourceRole role)
    {
        if (Verdicts is null)
        {
            return validator.Validate(resource, profile, role);
        }

        var key = VerdictCache.Key($"{role}\n{profile}", FhirJson.Serialize(resource));
        if (Verdicts.Find(key) is { } known)
        {
            return known;
        }

        var issues = validator.Validate(resource, profile, role);
        Verdicts.Add(key, issues);
        return issues;
    }
}
