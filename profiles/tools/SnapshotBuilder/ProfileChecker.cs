using System.Text.Json.Nodes;
using Hl7.Fhir.FhirPath;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace BoneMets.Fhir.Profiles;

/// <summary>
/// A structural check of one resource against one profile's snapshot, on the resource's JSON: cardinality
/// (slices included), fixed and pattern values, pattern/value discriminated slices, required bindings to the
/// project's own value sets, reference target types, and the project's own invariants (keys bm-*, by
/// Firely's FHIRPath). Not a validator: core invariants, terminology outside the project and profiles of
/// referenced resources are the full validator's job.
/// </summary>
internal sealed class ProfileChecker(
    IReadOnlyDictionary<string, StructureDefinition> profiles,
    IReadOnlyDictionary<string, HashSet<(string System, string Code)>> valueSets)
{
    private static readonly FhirJsonSerializer Serializer = new();
    private readonly Dictionary<string, ElementNode> trees = new(StringComparer.Ordinal);

    /// <param name="resolveType">The resource type a reference string points at, or null when unknown.</param>
    public IEnumerable<Finding> Check(Resource resource, JsonObject json, string profileUrl, Func<string, string?> resolveType)
    {
        if (!profiles.TryGetValue(profileUrl, out var profile))
        {
            return [new Finding(true, $"unknown profile {profileUrl}")];
        }

        var findings = new List<Finding>();
        CheckChildren(json, Tree(profile), profile.Type ?? "Resource", findings, resolveType);
        CheckInvariants(resource, profile, findings);
        return findings;
    }

    private ElementNode Tree(StructureDefinition profile)
    {
        var url = profile.Url ?? string.Empty;
        if (!trees.TryGetValue(url, out var root))
        {
            root = ElementNode.Build(profile.Snapshot?.Element ?? []);
            trees[url] = root;
        }

        return root;
    }

    private void CheckChildren(JsonObject json, ElementNode node, string path, List<Finding> findings, Func<string, string?> resolveType)
    {
        foreach (var group in node.Children.GroupBy(c => c.Name))
        {
            var baseNode = group.FirstOrDefault(c => c.SliceName is null);
            var items = Values(json, group.Key).ToList();
            var elementPath = $"{path}.{group.Key.Replace("[x]", string.Empty, StringComparison.Ordinal)}";
            if (baseNode is not null)
            {
                CheckCardinality(baseNode.Definition, items.Count, elementPath, findings);
                foreach (var (key, item) in items)
                {
                    CheckValue(item, baseNode, $"{path}.{key}", findings, resolveType);
                }
            }

            foreach (var slice in group.Where(c => c.SliceName is not null))
            {
                var matching = items.Where(i => InSlice(i.Key, i.Value, slice, baseNode?.Definition)).ToList();
                CheckCardinality(slice.Definition, matching.Count, $"{elementPath}:{slice.SliceName}", findings);
                foreach (var (key, item) in matching)
                {
                    CheckValue(item, slice, $"{path}.{key}:{slice.SliceName}", findings, resolveType);
                }
            }
        }
    }

    private void CheckValue(JsonNode item, ElementNode node, string path, List<Finding> findings, Func<string, string?> resolveType)
    {
        var definition = node.Definition;
        if (definition.Fixed is { } fixedValue && !JsonMatch.Same(item, ToJson(fixedValue)))
        {
            findings.Add(new Finding(true, $"{path}: {item.ToJsonString()} is not the fixed value {ToJson(fixedValue)?.ToJsonString()}"));
        }

        if (definition.Pattern is { } pattern && !JsonMatch.Contains(item, ToJson(pattern)))
        {
            findings.Add(new Finding(true, $"{path}: {item.ToJsonString()} does not match the pattern {ToJson(pattern)?.ToJsonString()}"));
        }

        if (definition.Binding is { Strength: BindingStrength.Required, ValueSet: { } vs } && valueSets.TryGetValue(vs, out var codes) && !InValueSet(item, codes))
        {
            findings.Add(new Finding(true, $"{path}: {item.ToJsonString()} has no code from the required value set {vs}"));
        }

        CheckReferenceTarget(item, definition, path, findings, resolveType);
        if (item is JsonObject child && node.Children.Count > 0)
        {
            CheckChildren(child, node, path, findings, resolveType);
        }
    }

    private void CheckReferenceTarget(JsonNode item, ElementDefinition definition, string path, List<Finding> findings, Func<string, string?> resolveType)
    {
        var targets = definition.Type.Where(t => t.Code == "Reference").SelectMany(t => t.TargetProfile).ToList();
        if (targets.Count == 0 || item is not JsonObject reference || JsonMatch.Primitive(reference["reference"]) is not { } target)
        {
            return;
        }

        var allowed = targets.OfType<string>().Select(t => profiles.TryGetValue(t, out var p) && p.Type is { } type ? type : t[(t.LastIndexOf('/') + 1)..]).ToHashSet(StringComparer.Ordinal);
        if (!allowed.Contains("Resource") && resolveType(target) is { } type && !allowed.Contains(type))
        {
            findings.Add(new Finding(true, $"{path}: points at a {type}; allowed: {string.Join(", ", allowed.Order(StringComparer.Ordinal))}"));
        }
    }

    private static void CheckCardinality(ElementDefinition definition, int count, string path, List<Finding> findings)
    {
        var max = definition.Max is null or "*" ? int.MaxValue : int.Parse(definition.Max, System.Globalization.CultureInfo.InvariantCulture);
        if (count < (definition.Min ?? 0) || count > max)
        {
            findings.Add(new Finding(true, $"{path}: {count} present, the profile allows {definition.Min}..{definition.Max}"));
        }
    }

    /// <summary>Whether an item belongs to a slice: by its discriminators (pattern/value), or, for a choice type slice, by its JSON name.</summary>
    private static bool InSlice(string key, JsonNode item, ElementNode slice, ElementDefinition? sliced)
    {
        if (slice.Name.EndsWith("[x]", StringComparison.Ordinal))
        {
            return key == slice.SliceName;
        }

        var discriminators = sliced?.Slicing?.Discriminator ?? [];
        return discriminators.Count > 0 && discriminators.All(d =>
        {
            if (d.Path == "url" && slice.Definition.Type.FirstOrDefault()?.Profile.FirstOrDefault() is { } extensionUrl)
            {
                return JsonMatch.Primitive(item["url"]) == extensionUrl;
            }

            var target = d.Path == "$this" ? slice : slice.Find(d.Path ?? string.Empty);
            var expected = target?.Definition.Pattern ?? target?.Definition.Fixed;
            var actual = d.Path == "$this" ? item : (item as JsonObject)?[d.Path ?? string.Empty];
            return expected is not null && JsonMatch.Contains(actual, ToJson(expected));
        });
    }

    private static bool InValueSet(JsonNode item, HashSet<(string System, string Code)> codes) => item switch
    {
        JsonObject o when o["coding"] is JsonArray codings => codings.Any(c => c is JsonObject coding && InValueSet(coding, codes)),
        JsonObject o => codes.Contains((JsonMatch.Primitive(o["system"]) ?? string.Empty, JsonMatch.Primitive(o["code"]) ?? string.Empty)),
        _ => codes.Any(c => c.Code == JsonMatch.Primitive(item)),
    };

    private static void CheckInvariants(Resource resource, StructureDefinition profile, List<Finding> findings)
    {
        var context = new FhirEvaluationContext { Resource = resource.ToPocoNode(), RootResource = resource.ToPocoNode() };
        foreach (var element in profile.Snapshot?.Element ?? [])
        {
            foreach (var constraint in element.Constraint.Where(c => c.Key?.StartsWith("bm-", StringComparison.Ordinal) == true && c.Expression is not null))
            {
                var path = element.Path ?? string.Empty;
                var dot = path.IndexOf('.', StringComparison.Ordinal);
                var nodes = dot < 0 ? [resource] : resource.Select(path[(dot + 1)..], context).OfType<Base>().ToList();
                foreach (var node in nodes.Where(n => !n.IsTrue(constraint.Expression!, context)))
                {
                    findings.Add(new Finding(constraint.Severity == ConstraintSeverity.Error, $"{element.ElementId}: {constraint.Key} failed: {constraint.Human}"));
                }
            }
        }
    }

    /// <summary>The JSON values of one element (every item of an array; every type of a choice element): the library's walk, paths unused.</summary>
    private static IEnumerable<(string Key, JsonNode Value)> Values(JsonObject json, string name) =>
        InstanceItem.Of(json, name, string.Empty).Select(i => (i.Key, i.Value));

    private static JsonNode? ToJson(DataType value) => value is PrimitiveType primitive
        ? JsonValue.Create(primitive.ToString())
        : JsonNode.Parse(Serializer.SerializeToString(value));
}

/// <summary>One problem: an error fails the check, a warning (a warning-severity invariant) is reported only.</summary>
internal sealed record Finding(bool IsError, string Message);
