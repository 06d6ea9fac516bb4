using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using BoneMets.Fhir.Fhir;
using Firely.Fhir.Validation;
using Firely.Fhir.Validation.Compilation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;
using Canonical = Firely.Fhir.Validation.Canonical;
using Issue = Hl7.Fhir.Model.OperationOutcome.IssueComponent;

namespace BoneMets.Fhir.Validation;

/// <summary>
/// Firely's validator (Firely.Fhir.Validation, ADR 0017) over FHIR R4's core definitions (specification.zip) and the
/// project's profiles, CodeSystems and ValueSets, all in memory. Each resource in the instance — the root and every
/// Bundle entry — is held to the profile its role assigns (<see cref="ProfileAssignment"/>) besides its meta.profile,
/// so one validation of a message Bundle checks the entries against their profiles with references resolved
/// through the Bundle's fullUrls. The compiled schemas (snapshots turned into validators) are cached for the life of
/// the process: the first validation of a type pays for its compilation, later ones do not
/// (a warm-up pays for them at startup). Thread-safe.
/// </summary>
internal sealed class FirelyProfileValidator
{
    public const string CoreBase = "http://hl7.org/fhir/StructureDefinition/";

    // The core definitions are read from specification.zip once per process (about 2.5 s); every validator shares them.
    private static readonly Lazy<IAsyncResourceResolver> Core = new(() => new CachedResolver(ZipSource.CreateValidationSource()));
    private static readonly ConditionalWeakTable<ProfileSet, FirelyProfileValidator> ByProfiles = [];
    private readonly ProfileSet profiles;
    private readonly Validator received;
    private readonly Validator writtenBack;

    /// <summary>The validator of a profile set, built once: its compiled schemas are what makes later validations cheap.</summary>
    public static FirelyProfileValidator For(ProfileSet profiles) => ByProfiles.GetValue(profiles, p => new FirelyProfileValidator(p));

    private FirelyProfileValidator(ProfileSet profiles)
    {
        this.profiles = profiles;
        var own = new InMemoryResourceResolver([.. profiles.Profiles.Values, .. profiles.CodeSystems, .. profiles.ValueSets]);
        var resolver = new CachedResolver(new MultiResolver(own, Core.Value));
        // One compiled-schema cache shared by both roles' validators. Firely marks the compiler's resolver experimental; it
        // is what Validator itself uses when given none, made explicit here so the cache is shared.
#pragma warning disable ExperimentalApi
        var schemas = StructureDefinitionToElementSchemaResolver.CreatedCached(resolver, new ConcurrentDictionary<Canonical, ElementSchema?>());
#pragma warning restore ExperimentalApi
        var terminology = new ProjectTerminology(resolver);
        received = new Validator(resolver, terminology, null, Settings(ResourceRole.Received), schemas);
        writtenBack = new Validator(resolver, terminology, null, Settings(ResourceRole.WrittenBack), schemas);
    }

    /// <summary>The instance against <paramref name="profileUrl"/> (a core or project profile), its resources against their roles' profiles.</summary>
    public List<Issue> Validate(Resource resource, string profileUrl, ResourceRole role)
    {
        var outcome = (role == ResourceRole.WrittenBack ? writtenBack : received).Validate(resource, profileUrl);
        return [.. outcome.Issue.Select(issue => Reshape(resource, issue)).OfType<Issue>()
            .DistinctBy(i => (i.Severity, i.Code, string.Join(",", i.Expression), i.Diagnostics))];
    }

    private ValidationSettings Settings(ResourceRole role) => new()
    {
        // The root's profile is the one asked for; every other resource in it (Bundle entries, contained) gets its role's.
        SelectValidationProfiles = (location, original, input, _) =>
            location.Contains('.', StringComparison.Ordinal) && input.Poco is Resource nested && ProfileAssignment.ProfileFor(nested, role, profiles) is { } url
            && !original.Any(c => c.Original == url)
                ? [.. original, new Canonical(url)]
                : original,
        // A code the local terminology cannot judge (an external system, ProjectTerminology) is a warning, not an error.
        HandleValidateCodeServiceFailure = (_, _) => TerminologyServiceExceptionResult.Warning,
    };

    /// <summary>
    /// A Firely issue in the service's shape: the expression as FHIRPath (<see cref="IssuePaths"/>), the sentence in
    /// diagnostics (Firely's "ElementDefinition trace" dropped), Firely's issue number kept in details. Null for the
    /// ras-2 false positive (see <see cref="IsRas2WithoutProbability"/>).
    /// </summary>
    private static Issue? Reshape(Resource root, Issue issue)
    {
        var location = issue.Expression.FirstOrDefault() ?? issue.Location.FirstOrDefault();
        var (path, element) = location is null ? (root.TypeName, root) : IssuePaths.Resolve(root, location);
        var text = issue.Details?.Text ?? issue.Diagnostics;
        if (IsRas2WithoutProbability(text, element))
        {
            return null;
        }

        if (IssuePaths.CountedElement(text) is { } counted)
        {
            path += "." + counted;
        }

        return new Issue
        {
            Severity = issue.Severity,
            Code = issue.Code,
            Expression = [path],
            Details = issue.Details?.Coding.Count > 0 ? new CodeableConcept { Coding = [.. issue.Details.Coding] } : null,
            Diagnostics = text,
        };
    }

    /// <summary>
    /// R4's ras-2 ("probability is decimal implies (probability as decimal) &lt;= 100") fails on a prediction that has no
    /// probability at all in the validators that evaluate the implication's empty left side as false
    /// (hapifhir/org.hl7.fhir.core#623; Firely's does so too). The triage decision's predictions state an urgency and a
    /// care team, for which no probability is meaningful; a prediction with a probability is still checked.
    /// </summary>
    internal static bool IsRas2WithoutProbability(string? text, Base? element) =>
        text?.Contains("constraint ras-2 ", StringComparison.Ordinal) == true && element is RiskAssessment.PredictionComponent { Probability: null };
}
