using System.Text.Json.Nodes;

namespace BoneMets.Fhir.Profiles;

/// <summary>
/// Examples are copies, not inventions. An example of what a sender sends (or an entry of such an example
/// Bundle) with the type and id of a sample entry must equal it; an example of what the program writes must
/// equal the resource of that type and id in the --write-back folder, when one is given. meta is left aside
/// (examples carry their profile).
/// </summary>
internal static class Agreement
{
    private static readonly HashSet<string> WrittenBackProfiles = new(StringComparer.Ordinal)
    {
        "bonemets-write-back-task", "bonemets-communication-request", "bonemets-appointment", "bonemets-triage-decision",
        "bonemets-case-document", "bonemets-case-composition", "bonemets-score",
    };

    public static int Compare(IReadOnlyList<Loaded> examples, IReadOnlyList<Loaded> samples, IReadOnlyList<Loaded> written, Report report)
    {
        var fromSamples = Index(samples);
        var fromService = Index(written);
        var compared = 0;
        foreach (var (file, _, json) in examples)
        {
            var profile = JsonMatch.Primitive(json["meta"]?["profile"]?[0]) ?? string.Empty;
            var sources = WrittenBackProfiles.Contains(profile[(profile.LastIndexOf('/') + 1)..]) ? fromService : fromSamples;
            foreach (var resource in WithEntries(json))
            {
                if (!sources.TryGetValue(Key(resource), out var candidates))
                {
                    continue;
                }

                compared++;
                var mine = WithoutMeta(resource);
                if (!candidates.Any(c => JsonMatch.Same(mine, WithoutMeta(c.Json))))
                {
                    var (source, other) = candidates[0];
                    report.Add($"{file} vs {source}", [new Finding(true, $"example differs from its source at {JsonDiff.FirstDifference(mine, WithoutMeta(other), Key(resource))}")]);
                }
            }
        }

        return compared;
    }

    private static Dictionary<string, List<(string File, JsonObject Json)>> Index(IReadOnlyList<Loaded> loaded)
    {
        var index = new Dictionary<string, List<(string, JsonObject)>>(StringComparer.Ordinal);
        foreach (var (file, _, json) in loaded)
        {
            foreach (var resource in WithEntries(json))
            {
                var key = Key(resource);
                if (!index.TryGetValue(key, out var list))
                {
                    index[key] = list = [];
                }

                list.Add((file, resource));
            }
        }

        return index;
    }

    private static IEnumerable<JsonObject> WithEntries(JsonObject json) =>
        (json["entry"] as JsonArray ?? []).Select(e => e?["resource"]).OfType<JsonObject>().Prepend(json);

    private static string Key(JsonObject resource) => $"{JsonMatch.Primitive(resource["resourceType"])}/{JsonMatch.Primitive(resource["id"])}";

    /// <summary>A copy without meta, at the top and in Bundle entries.</summary>
    private static JsonObject WithoutMeta(JsonObject resource)
    {
        var copy = resource.DeepClone().AsObject();
        copy.Remove("meta");
        foreach (var entry in (copy["entry"] as JsonArray ?? []).Select(e => e?["resource"]).OfType<JsonObject>())
        {
            entry.Remove("meta");
        }

        return copy;
    }
}
