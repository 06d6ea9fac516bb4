using System.Text.Json.Nodes;

namespace BoneMets.Fhir.Validation;

/// <summary>FHIR's fixed[x] (exact) and pattern[x] (at least these values) comparisons, on JSON.</summary>
internal static class JsonMatch
{
    /// <summary>pattern[x]: every property of the pattern is in the value; every pattern array item matches some value item.</summary>
    public static bool Contains(JsonNode? value, JsonNode? pattern) => pattern switch
    {
        null => true,
        JsonObject p => value is JsonObject v && p.All(kv => v.TryGetPropertyValue(kv.Key, out var child) && Contains(child, kv.Value)),
        JsonArray p => value is JsonArray v && p.All(item => v.Any(candidate => Contains(candidate, item))),
        _ => value is JsonValue && Primitive(value) == Primitive(pattern),
    };

    /// <summary>Deep equality, with object properties in any order (arrays keep their order).</summary>
    public static bool Same(JsonNode? a, JsonNode? b) => (a, b) switch
    {
        (null, null) => true,
        (JsonObject x, JsonObject y) => x.Count == y.Count && x.All(kv => y.TryGetPropertyValue(kv.Key, out var other) && Same(kv.Value, other)),
        (JsonArray x, JsonArray y) => x.Count == y.Count && x.Zip(y).All(pair => Same(pair.First, pair.Second)),
        (JsonValue, JsonValue) => Primitive(a) == Primitive(b),
        _ => false,
    };

    /// <summary>A JSON primitive as text: strings unquoted, numbers normalised (70 equals 70.0).</summary>
    public static string? Primitive(JsonNode? node)
    {
        if (node is not JsonValue)
        {
            return null;
        }

        using var document = System.Text.Json.JsonDocument.Parse(node.ToJsonString());
        var element = document.RootElement;
        return element.ValueKind switch
        {
            System.Text.Json.JsonValueKind.String => element.GetString(),
            System.Text.Json.JsonValueKind.Number => Number(element.GetDecimal()),
            _ => element.GetRawText(),
        };
    }

    private static string Number(decimal value)
    {
        var text = value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) ? text.TrimEnd('0').TrimEnd('.') : text;
    }
}
