using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace BoneMets.Fhir.Terminology;

/// <summary>
/// The display each of the project's own codes has in its CodeSystem (profiles/generated, embedded as
/// "Profiles/CodeSystem-*.json"). What the service writes in <c>Coding.display</c> is read from here, so it is the
/// CodeSystem's by construction and a validator has no display to warn about; the service's own words for a code
/// (an item's name, a band's meaning) go in <c>CodeableConcept.text</c>.
/// </summary>
public static class CodeDisplays
{
    private const string Prefix = "Profiles/CodeSystem-";
    // Firely's deserializer directly: Terminology sits below Fhir in the layer table (ADR 0021).
    private static readonly FhirJsonDeserializer Json = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));
    private static readonly Lazy<IReadOnlyDictionary<(string System, string Code), string>> Loaded = new(Load);

    /// <summary>The CodeSystem's display of the code; null for a code (or system) it does not define.</summary>
    public static string? Of(string system, string code) => Loaded.Value.GetValueOrDefault((system, code));

    /// <summary>A coding of one of the project's codes, displayed as its CodeSystem displays it, with the service's words as text.</summary>
    public static CodeableConcept Concept(string system, string code, string? text) => new(system, code, Of(system, code), text);

    private static Dictionary<(string, string), string> Load()
    {
        var assembly = typeof(CodeDisplays).Assembly;
        var displays = new Dictionary<(string, string), string>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            var codeSystem = Json.Deserialize<CodeSystem>(reader.ReadToEnd());
            Add(codeSystem.Url!, codeSystem.Concept, displays);
        }

        return displays;
    }

    private static void Add(string system, IEnumerable<CodeSystem.ConceptDefinitionComponent> concepts, Dictionary<(string, string), string> displays)
    {
        foreach (var concept in concepts)
        {
            if (concept is { Code: { } code, Display: { } display })
            {
                displays[(system, code)] = display;
            }

            Add(system, concept.Concept, displays);
        }
    }
}
