using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Validation;

/// <summary>The project's ValueSets as code lists, where their extent is known from the project's own resources.</summary>
internal static class ValueSetCodes
{
    /// <summary>
    /// ValueSet url → (system, code). An include that lists concepts contributes them; an include of a whole
    /// system contributes that system's codes when the system is one of ours (content complete). A ValueSet that
    /// includes any other whole system, filters or excludes is left out: its extent is unknown without a
    /// terminology server, so bindings to it are not checked.
    /// </summary>
    public static Dictionary<string, HashSet<(string System, string Code)>> Expand(IEnumerable<ValueSet> valueSets, IEnumerable<CodeSystem> codeSystems)
    {
        var systems = codeSystems.Where(cs => cs.Url is not null && cs.Content == CodeSystemContentMode.Complete)
            .ToDictionary(cs => cs.Url!, cs => Codes(cs.Concept).ToList(), StringComparer.Ordinal);
        var result = new Dictionary<string, HashSet<(string, string)>>(StringComparer.Ordinal);
        foreach (var vs in valueSets)
        {
            var codes = new HashSet<(string, string)>();
            var known = true;
            foreach (var include in vs.Compose?.Include ?? [])
            {
                if (include.Concept.Count > 0)
                {
                    codes.UnionWith(include.Concept.Select(c => (include.System ?? string.Empty, c.Code ?? string.Empty)));
                }
                else if (include.System is { } system && systems.TryGetValue(system, out var all) && include.Filter.Count == 0)
                {
                    codes.UnionWith(all.Select(c => (system, c)));
                }
                else
                {
                    known = false;
                }
            }

            if (known && vs.Url is not null && (vs.Compose?.Exclude.Count ?? 0) == 0)
            {
                result[vs.Url] = codes;
            }
        }

        return result;
    }

    private static IEnumerable<string> Codes(IEnumerable<CodeSystem.ConceptDefinitionComponent> concepts) =>
        concepts.SelectMany(c => Codes(c.Concept).Prepend(c.Code ?? string.Empty));
}
