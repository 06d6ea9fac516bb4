using System.Text.Json;
using System.Text.Json.Nodes;

namespace BoneMets.Fhir.IntegrationTests.Api.Hostile;

/// <summary>
/// Seeded structural mutations of a JSON document, as a buggy interface-engine mapping makes them: delete an element,
/// duplicate one, retype one (string for object, array for string, …), or move one somewhere else. Same seed, same mutant.
/// </summary>
public static class JsonMutator
{
    private static readonly Func<JsonNode?>[] Retypes =
    [
        () => "x", () => "", () => 0, () => -1.5, () => 1e300, () => true, () => new JsonObject(), () => new JsonArray(),
        () => new JsonObject { ["a"] = 1 }, () => new JsonArray("x"), () => new string('z', 1000), () => "2026-13-45T25:61:00Z",
        () => "urn:uuid:00000000-0000-0000-0000-000000000000", () => "Patient/", () => new JsonObject { ["reference"] = "#" }, () => null,
    ];

    public static string Mutate(string json, int seed, out string applied)
    {
        var random = new Random(seed);
        var root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 1024 })!;
        // A new message each time (Bundle.id, MessageHeader.id), so an accepted mutant is stored, not a replay of another.
        if (root is JsonObject bundle && bundle["id"] is JsonValue)
        {
            bundle["id"] = Guid.NewGuid().ToString();
            if (bundle["entry"] is JsonArray { Count: > 0 } entries && entries[0]?["resource"] is JsonObject header && header["id"] is JsonValue)
            {
                header["id"] = Guid.NewGuid().ToString();
            }
        }

        var steps = new List<string>();
        for (var n = 1 + random.Next(3); n > 0; n--)
        {
            var nodes = Walk(root).ToList();
            if (nodes.Count == 0)
            {
                break;
            }

            var (parent, key, node) = nodes[random.Next(nodes.Count)];
            var op = random.Next(4);
            steps.Add($"{(op switch { 0 => "delete", 1 => "duplicate", 2 => "retype", _ => "move" })} {node?.GetPath() ?? key?.ToString()}");
            switch (op)
            {
                case 0:
                    Detach(parent, key);
                    break;
                case 1 when parent is JsonArray array:
                    array.Insert((int)key!, node?.DeepClone());
                    break;
                case 1:
                    var target = nodes.Select(x => x.Node).OfType<JsonObject>().ElementAt(random.Next(nodes.Count(x => x.Node is JsonObject)));
                    target[(string)key!] = node?.DeepClone();
                    break;
                case 2:
                    Replace(parent, key, Retypes[random.Next(Retypes.Length)]());
                    break;
                default:
                    var destinations = Walk(root).Select(x => x.Node).Where(d => d is JsonObject or JsonArray && !IsWithin(d!, node)).ToList();
                    if (destinations.Count == 0)
                    {
                        break;
                    }

                    Detach(parent, key);
                    var destination = destinations[random.Next(destinations.Count)];
                    if (destination is JsonArray into)
                    {
                        into.Add(node);
                    }
                    else
                    {
                        ((JsonObject)destination!)[key as string ?? "moved"] = node;
                    }

                    break;
            }
        }

        applied = string.Join("; ", steps);
        return root.ToJsonString(new System.Text.Json.JsonSerializerOptions { MaxDepth = 1024 });
    }

    /// <summary>Every node below the root with its parent and its key (property name or index).</summary>
    private static IEnumerable<(JsonNode Parent, object Key, JsonNode? Node)> Walk(JsonNode root)
    {
        var pending = new Stack<JsonNode>([root]);
        while (pending.TryPop(out var current))
        {
            var children = current switch
            {
                JsonObject o => o.Select(p => ((object)p.Key, p.Value)).ToList(),
                JsonArray a => a.Select((v, i) => ((object)i, v)).ToList(),
                _ => [],
            };
            foreach (var (key, child) in children)
            {
                yield return (current, key, child);
                if (child is JsonObject or JsonArray)
                {
                    pending.Push(child);
                }
            }
        }
    }

    private static void Detach(JsonNode parent, object key)
    {
        if (parent is JsonArray array)
        {
            array.RemoveAt((int)key);
        }
        else
        {
            ((JsonObject)parent).Remove((string)key);
        }
    }

    private static void Replace(JsonNode parent, object key, JsonNode? value)
    {
        if (parent is JsonArray array)
        {
            array[(int)key] = value;
        }
        else
        {
            ((JsonObject)parent)[(string)key] = value;
        }
    }

    private static bool IsWithin(JsonNode candidate, JsonNode? node)
    {
        for (var at = candidate; at is not null; at = at.Parent)
        {
            if (ReferenceEquals(at, node))
            {
                return true;
            }
        }

        return false;
    }
}
