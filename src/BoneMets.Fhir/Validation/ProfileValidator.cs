using System.Globalization;
using System.Text.Json.Nodes;
using BoneMets.Fhir.Fhir;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;
using Issue = Hl7.Fhir.Model.OperationOutcome.IssueComponent;

namespace BoneMets.Fhir.Validation;

/// <summary>
/// One resource against one profile's snapshot, walking the resource's JSON: cardinality (slices included),
/// fixed and pattern values, pattern/value-discriminated slices, required bindings to ValueSets known locally,
/// reference target types, then the snapshot's FHIRPath invariants on the elements present (<see cref="Invariants"/>).
/// Expressions are FHIRPath from the resource's type ("Observation.component[1].code").
/// </summary>
internal sealed class ProfileValidator(ProfileSet profiles, int verdictCapacity = ProfileValidator.DefaultVerdicts)
{
    private static readonly FhirJsonSerializer Serializer = new();
    private readonly Dictionary<string, ElementNode> trees = new(StringComparer.Ordinal);
    private readonly Lock treeLock = new();

    /// <param name="resolveType">The resource type a reference string points at, or null when unknown.</param>
    public List<Issue> Validate(Resource resource, string profileUrl, Func<string, string?> resolveType)
    {
        if (!profiles.Profiles.TryGetValue(profileUrl, out var profile))
        {
            return [Outcomes.Error(IssueType.NotSupported, resource.TypeName, $"The profile {profileUrl} is not one of this server's profiles.")];
        }

        if (profile.Type != resource.TypeName)
        {
            return [Outcomes.Error(IssueType.Structure, resource.TypeName, $"The profile {profile.Name} is for a {profile.Type}, not a {resource.TypeName}.")];
        }

        var text = FhirJson.Serialize(resource);
        var key = Verdicts is null ? "" : VerdictCache.Key(profileUrl, text);
        if (Verdicts?.Find(key, resolveType) is { } known)
        {
            return known;
        }

        var resolved = new List<(string Reference, string? Type)>();
        var walk = new Walk(profile.Name ?? profile.Id ?? profileUrl, reference =>
        {
            var type = resolveType(reference);
            resolved.Add((reference, type));
            return type;
        });
        var json = JsonNode.Parse(text)!.AsObject();
        var root = Tree(profile);
        walk.Constrained.Add((resource.TypeName, root.Definition));
        CheckChildren(json, root, resource.TypeName, walk);
        walk.Issues.AddRange(Invariants.Check(resource, walk.Constrained, walk.Profile));
        Verdicts?.Add(key, walk.Issues, resolved);
        return walk.Issues;
    }

    public const int DefaultVerdicts = 4096;

    /// <summary>Verdicts for content already validated (<see cref="VerdictCache"/>); null when the capacity is 0.</summary>
    internal VerdictCache? Verdicts { get; } = verdictCapacity > 0 ? new(verdictCapacity) : null;

    private ElementNode Tree(StructureDefinition profile)
    {
        lock (treeLock)
        {
            var url = profile.Url ?? string.Empty;
            if (!trees.TryGetValue(url, out var root))
            {
                root = ElementNode.Build(profile.Snapshot?.Element ?? []);
                trees[url] = root;
            }

            return root;
        }
    }

    private void CheckChildren(JsonObject json, ElementNode node, string path, Walk walk)
    {
        foreach (var group in node.Children.GroupBy(c => c.Name))
        {
            var baseNode = group.FirstOrDefault(c => c.SliceName is null);
            var items = InstanceItem.Of(json, group.Key, path).ToList();
            var elementPath = $"{path}.{group.Key.Replace("[x]", string.Empty, StringComparison.Ordinal)}";
            if (baseNode is not null)
            {
                CheckCardinality(baseNode.Definition, items.Count, elementPath, null, walk);
                foreach (var item in items)
                {
                    CheckValue(item, baseNode, walk);
                }
            }

            var slices = group.Where(c => c.SliceName is not null).ToList();
            foreach (var slice in slices)
            {
                var matching = items.Where(i => Slices.Contains(slice, i, baseNode?.Definition)).ToList();
                CheckCardinality(slice.Definition, matching.Count, elementPath, slice.SliceName, walk);
                foreach (var item in matching)
                {
                    CheckValue(item, slice, walk);
                }
            }

            if (slices.Count > 0 && baseNode?.Definition.Slicing is { } slicing)
            {
                walk.Issues.AddRange(Slices.CheckOrder(items, slices, baseNode.Definition, slicing, elementPath, walk.Profile));
            }
        }
    }

    private void CheckValue(InstanceItem item, ElementNode node, Walk walk)
    {
        var definition = node.Definition;
        if (definition.Constraint.Count > 0)
        {
            walk.Constrained.Add((item.Path, definition));
        }

        if (definition.Fixed is { } fixedValue && !JsonMatch.Same(item.Value, ToJson(fixedValue)))
        {
            walk.Issues.Add(Outcomes.Error(IssueType.Value, item.Path,
                $"{item.Path} is {Sent(item.Value)}; the profile {walk.Profile} fixes it to {Show(ToJson(fixedValue))}."));
        }

        if (definition.Pattern is { } pattern && !JsonMatch.Contains(item.Value, ToJson(pattern)))
        {
            walk.Issues.Add(Outcomes.Error(IssueType.Value, item.Path,
                $"{item.Path} is {Sent(item.Value)}; the profile {walk.Profile} requires it to contain {Show(ToJson(pattern))}."));
        }

        if (definition.Binding is { Strength: BindingStrength.Required, ValueSet: { } vs }
            && profiles.ValueSetCodes.TryGetValue(vs, out var codes) && !InValueSet(item.Value, codes))
        {
            walk.Issues.Add(Outcomes.Error(IssueType.CodeInvalid, item.Path,
                $"{item.Path} is {Sent(item.Value)}, which is not a code of the required value set {vs}."));
        }

        CheckReferenceTarget(item, definition, walk);
        if (item.Value is JsonObject child && node.Children.Count > 0)
        {
            CheckChildren(child, node, item.Path, walk);
        }
    }

    private void CheckReferenceTarget(InstanceItem item, ElementDefinition definition, Walk walk)
    {
        var targets = definition.Type.Where(t => t.Code == "Reference").SelectMany(t => t.TargetProfile).OfType<string>().ToList();
        if (targets.Count == 0 || item.Value is not JsonObject reference || JsonMatch.Primitive(reference["reference"]) is not { } target)
        {
            return;
        }

        var allowed = targets.Select(t => profiles.Profiles.TryGetValue(t, out var p) && p.Type is { } type ? type : t[(t.LastIndexOf('/') + 1)..])
            .ToHashSet(StringComparer.Ordinal);
        if (!allowed.Contains("Resource") && walk.ResolveType(target) is { } type && !allowed.Contains(type))
        {
            walk.Issues.Add(Outcomes.Error(IssueType.Structure, item.Path + ".reference",
                $"{item.Path} points at a {type}; the profile {walk.Profile} allows only {string.Join(" or ", allowed.Order(StringComparer.Ordinal))} here."));
        }
    }

    private static void CheckCardinality(ElementDefinition definition, int count, string path, string? slice, Walk walk)
    {
        var max = definition.Max is null or "*" ? int.MaxValue : int.Parse(definition.Max, CultureInfo.InvariantCulture);
        var min = definition.Min ?? 0;
        var what = slice is null ? path : $"{path} (slice '{slice}')";
        if (count < min)
        {
            walk.Issues.Add(Outcomes.Error(IssueType.Required, path, count == 0
                ? $"{what} is missing; the profile {walk.Profile} requires at least {min}."
                : $"{what} has {count}; the profile {walk.Profile} requires at least {min}."));
        }
        else if (count > max)
        {
            walk.Issues.Add(Outcomes.Error(IssueType.Structure, path,
                $"{what} has {count}; the profile {walk.Profile} allows at most {definition.Max}."));
        }
    }

    private static bool InValueSet(JsonNode item, HashSet<(string System, string Code)> codes) => item switch
    {
        JsonObject o when o["coding"] is JsonArray codings => codings.Any(c => c is JsonObject coding && InValueSet(coding, codes)),
        JsonObject o => codes.Contains((JsonMatch.Primitive(o["system"]) ?? string.Empty, JsonMatch.Primitive(o["code"]) ?? string.Empty)),
        _ => codes.Any(c => c.Code == JsonMatch.Primitive(item)),
    };

    /// <summary>
    /// What was sent, as a refusal may show it: a code-like primitive (no spaces, at most 64 characters) is quoted; free
    /// text, dates and structures are not, since they can carry the patient's details (issue 14).
    /// </summary>
    private static string Sent(JsonNode? node) => node switch
    {
        null => "absent",
        JsonValue when JsonMatch.Primitive(node) is string { Length: > 0 and <= 64 } code && !code.Any(char.IsWhiteSpace) && !char.IsDigit(code[0]) => $"'{code}'",
        JsonValue => "a value",
        JsonArray => "a list",
        _ => "a structure",
    };

    private static string Show(JsonNode? node) => node is JsonValue ? $"'{JsonMatch.Primitive(node)}'" : node?.ToJsonString() ?? "absent";

    internal static JsonNode? ToJson(DataType value) => value is PrimitiveType primitive
        ? JsonValue.Create(primitive.ToString())
        : JsonNode.Parse(Serializer.SerializeToString(value));

    private sealed class Walk(string profile, Func<string, string?> resolveType)
    {
        public string Profile { get; } = profile;

        public Func<string, string?> ResolveType { get; } = resolveType;

        public List<Issue> Issues { get; } = [];

        /// <summary>Elements present in the instance whose definition carries constraints, by FHIRPath.</summary>
        public List<(string Path, ElementDefinition Definition)> Constrained { get; } = [];
    }
}
