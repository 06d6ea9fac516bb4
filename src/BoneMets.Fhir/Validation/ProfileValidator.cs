using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
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
/// (<see cref="ResourceValidator.Warm"/> pays for them at startup). Thread-safe.
/// </summary>
internal sealed class ProfileValidator
{
    public const string CoreBase = "http://hl7.org/fhir/StructureDefinition/";

    // The core definitions are read from specification.zip once per process (about 2.5 s); every validator shares them.
    private static readonly Lazy<IAsyncResourceResolver> Core = new(() => new CachedResolver(ZipSource.CreateValidationSource()));
    private static readonly ConditionalWeakTable<ProfileSet, ProfileValidator> ByProfiles = [];
    private readonly ProfileSet profiles;
    private readonly IAsyncResourceResolver resolver;
    private readonly ProjectTerminology terminology;
    private readonly IElementSchemaResolver schemas;
    private readonly ValidationSettings received;
    private readonly ValidationSettings writtenBack;
    private readonly Predicate<IAssertion>? excluded;

    /// <summary>The validator of a profile set, built once: its compiled schemas are what makes later validations cheap.</summary>
    public static ProfileValidator For(ProfileSet profiles) => ByProfiles.GetValue(profiles, p => new ProfileValidator(p));

    /// <summary>A validator that leaves out the checks <paramref name="excluded"/> picks: the benchmark's measure of what each kind of check costs.</summary>
    internal static ProfileValidator Without(ProfileSet profiles, Predicate<IAssertion> excluded) => new(profiles, excluded);

    private ProfileValidator(ProfileSet profiles, Predicate<IAssertion>? excluded = null)
    {
        this.profiles = profiles;
        this.excluded = excluded;
        var own = new InMemoryResourceResolver([.. profiles.Profiles.Values, .. profiles.CodeSystems, .. profiles.ValueSets]);
        resolver = new CachedResolver(new MultiResolver(own, Core.Value));
        // One compiled-schema cache shared by both roles' validators. Firely marks the compiler's resolver experimental; it
        // is what Validator itself uses when given none, made explicit here so the cache is shared.
#pragma warning disable ExperimentalApi
        schemas = StructureDefinitionToElementSchemaResolver.CreatedCached(resolver, new ConcurrentDictionary<Canonical, ElementSchema?>());
#pragma warning restore ExperimentalApi
        terminology = new ProjectTerminology(resolver, profiles.ValueSetCodes);
        received = Settings(ResourceRole.Received);
        writtenBack = Settings(ResourceRole.WrittenBack);
    }

    /// <summary>Terminology questions answered from memory instead of asked again (<see cref="ProjectTerminology"/>).</summary>
    internal long TerminologyRemembered => terminology.Remembered;

    /// <summary>The instance against <paramref name="profileUrl"/> (a core or project profile), its resources against their roles' profiles.</summary>
    public List<Issue> Validate(Resource resource, string profileUrl, ResourceRole role)
    {
        var references = new LiteralReferences(resource.TypeName);
        var validator = new Validator(resolver, terminology, references, role == ResourceRole.WrittenBack ? writtenBack : received, schemas);
        var outcome = validator.Validate(resource, profileUrl);
        return [.. outcome.Issue.Where(i => !references.AboutAStandIn(i)).Select(issue => FirelyFindings.Reshape(resource, issue)).OfType<Issue>()
            .DistinctBy(i => (i.Severity, i.Code, string.Join(",", i.Expression), i.Diagnostics))];
    }

    private ValidationSettings Settings(ResourceRole role)
    {
        var settings = Settings(role, profiles);
        if (role == ResourceRole.Received)
        {
            // ele-1 ("a value or children") on every element of what was received: Firely's strict parse, which every
            // received resource comes through, already refuses any element without either (ElementHasValueTests), so
            // it would never fail here. What the service builds itself (written back) is still held to it.
#pragma warning disable ExperimentalApi // the assertion's type, named only to leave it out
            settings.ExcludeFilters.Add(a => a is FhirEle1Validator);
#pragma warning restore ExperimentalApi
        }

        if (excluded is not null)
        {
            settings.ExcludeFilters.Add(excluded);
        }

        return settings;
    }

    private static ValidationSettings Settings(ResourceRole role, ProfileSet profiles) => new()
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
}
