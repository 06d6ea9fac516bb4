using System.Text.Json.Nodes;

namespace BoneMets.Fhir.Profiles;

/// <summary>Where two JSON trees first differ: for the verify step's "example equals its source" check.</summary>
internal static class JsonDiff
{
    /// <summary>The first difference between two JSON trees, as a path; null when they are the same.</summary>
    public static string? FirstDifference(JsonNode? a, JsonNode? b, string path)
    {
        switch (a, b)
        {
            case (JsonObject x, JsonObject y):
                foreach (var key in x.Select(kv => kv.Key).Union(y.Select(kv => kv.Key)))
                {
                    if (FirstDifference(x[key], y[key], $"{path}.{key}") is { } d)
                    {
                        return d;
                    }
                }

                return null;
            case (JsonArray x, JsonArray y):
                for (var i = 0; i < Math.Max(x.Count, y.Count); i++)
                {
                    if (FirstDifference(i < x.Count ? x[i] : null, i < y.Count ? y[i] : null, $"{path}[{i}]") is { } d)
                    {
                        return d;
                    }
                }

                return null;
            default:
                return JsonMatch.Same(a, b) ? null : $"{path}: {a?.ToJsonString() ?? "absent"} vs {b?.ToJsonString() ?? "absent"}";
        }
    }
}
