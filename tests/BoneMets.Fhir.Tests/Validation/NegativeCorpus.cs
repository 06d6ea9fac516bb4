using System.Text.Json.Nodes;
using BoneMets.Fhir.Validation;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Tests.Validation;

/// <summary>One instance that breaks one constraint: the example it starts from, the change, and the issue expected.</summary>
public sealed record Breakage(string Name, string Profile, Action<JsonObject> Break, string Code, string Expression)
{
    public override string ToString() => Name;
}

/// <summary>
/// The negative corpus generated from the profiles' snapshots and their examples, for every top-level element of every
/// profile: remove it when min ≥ 1; change its code when it has a fixed or pattern value or a required binding to a
/// ValueSet known here; point it at a resource type its targetProfile does not allow. Nested and sliced constraints, and
/// the invariants, are in the hand-made table of <see cref="NegativeCorpusTests"/>.
/// </summary>
public static class NegativeCorpus
{
    public static IReadOnlyList<Breakage> Generated { get; } = Generate().ToList();

    /// <summary>The first example of a profile, as JSON (a fresh copy each time).</summary>
    public static JsonObject Example(string profileId) => JsonNode.Parse(ProfileSet.Embedded.Examples
        .First(e => e.Resource.Meta?.Profile.Contains(ProfileSet.Url(profileId)) == true).Json)!.AsObject();

    private static IEnumerable<Breakage> Generate()
    {
        foreach (var profile in ProfileSet.Embedded.Profiles.Values.OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            var example = Example(profile.Id!);
            var type = profile.Type!;
            foreach (var element in profile.Snapshot!.Element.Where(e => e.ElementId!.Count(c => c == '.') == 1 && !e.ElementId.Contains(':', StringComparison.Ordinal)))
            {
                var name = element.Path![(type.Length + 1)..];
                if (name.EndsWith("[x]", StringComparison.Ordinal) || name is "meta" || !example.ContainsKey(name))
                {
                    continue;
                }

                var path = $"{type}.{name}";
                var item = example[name] is JsonArray ? path + "[0]" : path;
                if (element.Min >= 1)
                {
                    yield return new($"{profile.Id}: {path} removed (min {element.Min})", profile.Id!, json => json.Remove(name), "required", path);
                }

                if (element.Fixed is not null || element.Pattern is not null)
                {
                    if (IsCoded(example[name]))
                    {
                        yield return new($"{profile.Id}: {path} changed (fixed/pattern)", profile.Id!, json => Recode(json[name]!), "value", item);
                    }
                }
                else if (element.Binding is { Strength: BindingStrength.Required, ValueSet: { } vs } && ProfileSet.Embedded.ValueSetCodes.ContainsKey(vs) && IsCoded(example[name]))
                {
                    yield return new($"{profile.Id}: {path} coded outside {vs[(vs.LastIndexOf('/') + 1)..]}", profile.Id!, json => Recode(json[name]!), "code-invalid", item);
                }

                var targets = element.Type.Where(t => t.Code == "Reference").SelectMany(t => t.TargetProfile).ToList();
                if (targets.Count > 0 && !targets.Any(t => t!.EndsWith("/Resource", StringComparison.Ordinal)) && First(example[name])?["reference"] is not null)
                {
                    var wrong = targets.Any(t => t!.EndsWith("/Device", StringComparison.Ordinal)) ? "Group/negative" : "Device/negative";
                    yield return new($"{profile.Id}: {path} points at {wrong.Split('/')[0]}", profile.Id!,
                        json => First(json[name])!["reference"] = wrong, "structure", item + ".reference");
                }
            }
        }
    }

    private static JsonObject? First(JsonNode? node) => node is JsonArray array ? array[0] as JsonObject : node as JsonObject;

    private static bool IsCoded(JsonNode? node) => First(node) is { } o && (o["coding"] is JsonArray || o["code"] is not null);

    /// <summary>Every code in the element (CodeableConcept codings or a Coding) becomes one no ValueSet or pattern holds.</summary>
    private static void Recode(JsonNode node)
    {
        foreach (var item in node is JsonArray array ? array.OfType<JsonObject>() : [node.AsObject()])
        {
            foreach (var coding in item["coding"] is JsonArray codings ? codings.OfType<JsonObject>() : [item])
            {
                coding["code"] = "not-a-code-here";
            }
        }
    }
}
