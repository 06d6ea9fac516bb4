using System.Reflection;
using BoneMets.Fhir.Fhir;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Validation;

/// <summary>
/// The project's conformance resources — StructureDefinitions with snapshots, CodeSystems, ValueSets — and its
/// examples, as committed in profiles/generated and embedded in this assembly ("Profiles/Type-id.json"), so the
/// service needs no files at run time. Loaded once; immutable after.
/// </summary>
public sealed class ProfileSet
{
    public const string Base = "https://fhir.bonemets.org/StructureDefinition/";
    private const string Prefix = "Profiles/";
    private static readonly Lazy<ProfileSet> Loaded = new(Load);
    private readonly Dictionary<(string Type, string Id), string> conformanceJson;

    private ProfileSet(IReadOnlyList<(string File, string Json, Resource Resource)> files)
    {
        var resources = files.Select(f => f.Resource).ToList();
        Profiles = resources.OfType<StructureDefinition>().Where(sd => sd.Url is not null)
            .ToDictionary(sd => sd.Url!, StringComparer.Ordinal);
        CodeSystems = resources.OfType<CodeSystem>().ToList();
        ValueSets = resources.OfType<ValueSet>().ToList();
        ValueSetCodes = Validation.ValueSetCodes.Expand(ValueSets, CodeSystems);
        conformanceJson = files.Where(f => f.Resource is StructureDefinition or CodeSystem or ValueSet)
            .ToDictionary(f => (f.Resource.TypeName, f.Resource.Id!), f => f.Json);
        Examples = files.Where(f => f.Resource is not (StructureDefinition or CodeSystem or ValueSet))
            .Select(f => new ProfileExample(f.File, f.Json, f.Resource)).ToList();
    }

    /// <summary>The set embedded in this assembly.</summary>
    public static ProfileSet Embedded => Loaded.Value;

    /// <summary>StructureDefinitions by canonical url.</summary>
    public IReadOnlyDictionary<string, StructureDefinition> Profiles { get; }

    public IReadOnlyList<CodeSystem> CodeSystems { get; }

    public IReadOnlyList<ValueSet> ValueSets { get; }

    /// <summary>ValueSet url → its codes, for the ValueSets whose extent is known locally (see <see cref="Validation.ValueSetCodes"/>).</summary>
    public IReadOnlyDictionary<string, HashSet<(string System, string Code)>> ValueSetCodes { get; }

    /// <summary>The examples of the implementation guide (also test data), each declaring its profile in meta.profile.</summary>
    public IReadOnlyList<ProfileExample> Examples { get; }

    /// <summary>The committed JSON of a StructureDefinition, CodeSystem or ValueSet by id; null when there is none.</summary>
    public string? ConformanceJson(string type, string id) => conformanceJson.GetValueOrDefault((type, id));

    /// <summary>The canonical url of one of the project's profiles by id, e.g. "bonemets-score".</summary>
    public static string Url(string id) => Base + id;

    private static ProfileSet Load()
    {
        var assembly = typeof(ProfileSet).Assembly;
        var files = assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name =>
            {
                var json = Read(assembly, name);
                return (name[Prefix.Length..], json, FhirJson.ParseResource(json));
            }).ToList();
        return files.Count == 0 ? throw new InvalidOperationException("No profiles are embedded in the assembly.") : new ProfileSet(files);
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

/// <summary>One example of the guide: its file name, its JSON and the parsed resource.</summary>
public sealed record ProfileExample(string File, string Json, Resource Resource)
{
    public override string ToString() => File;
}
