using System.Text.Json.Nodes;

namespace BoneMets.Fhir.Validation;

/// <summary>One value of an element in an instance's JSON: its JSON name, the value and its FHIRPath.</summary>
internal sealed record InstanceItem(string Key, JsonNode Value, string Path)
{
    /// <summary>The JSON values of one element with their FHIRPath (arrays indexed; a choice as value.ofType(Quantity)).</summary>
    public static IEnumerable<InstanceItem> Of(JsonObject json, string name, string path)
    {
        var choice = name.EndsWith("[x]", StringComparison.Ordinal);
        var prefix = choice ? name[..^3] : name;
        foreach (var (key, value) in json)
        {
            var match = choice
                ? key.Length > prefix.Length && key.StartsWith(prefix, StringComparison.Ordinal) && char.IsUpper(key[prefix.Length])
                : key == name;
            if (!match || value is null)
            {
                continue;
            }

            var itemPath = choice ? $"{path}.{prefix}.ofType({TypeName(key[prefix.Length..])})" : $"{path}.{key}";
            if (value is JsonArray array)
            {
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } element)
                    {
                        yield return new InstanceItem(key, element, $"{itemPath}[{i}]");
                    }
                }
            }
            else
            {
                yield return new InstanceItem(key, value, itemPath);
            }
        }
    }

    /// <summary>"Quantity" stays; "DateTime" → "dateTime" (primitive type names start lower-case).</summary>
    private static string TypeName(string suffix)
    {
        var lower = char.ToLowerInvariant(suffix[0]) + suffix[1..];
        return Hl7.Fhir.Model.ModelInfo.IsPrimitive(lower) ? lower : suffix;
    }
}
