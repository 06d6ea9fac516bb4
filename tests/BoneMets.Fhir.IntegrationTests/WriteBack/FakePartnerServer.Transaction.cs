using System.Globalization;
using System.Text.Json.Nodes;
using BoneMets.Fhir.Fhir;
using Hl7.Fhir.Model;
using WireMock;
using WireMock.ResponseBuilders;
using WireMock.Types;

namespace BoneMets.Fhir.IntegrationTests.WriteBack;

/// <summary>The fake's transaction semantics: conditional create, If-Match, versioning, urn:uuid resolution.</summary>
public sealed partial class FakePartnerServer
{
    /// <summary>All entries or none: a stale If-Match fails the whole transaction (null).</summary>
    private Bundle? Apply(JsonObject bundle, bool representation)
    {
        var staged = new Dictionary<string, List<JsonObject>>(resources.ToDictionary(r => r.Key, r => new List<JsonObject>(r.Value)), StringComparer.Ordinal);
        var urls = new Dictionary<string, string>(StringComparer.Ordinal);
        var results = new List<(string Key, string Status)>();
        var entries = (bundle["entry"]?.AsArray() ?? []).Select(e => e!.AsObject()).ToList();
        var id = nextId;
        foreach (var entry in entries)
        {
            var resource = entry["resource"]!.AsObject();
            var type = resource["resourceType"]!.GetValue<string>();
            var req = entry["request"]!.AsObject();
            var url = req["url"]!.GetValue<string>();
            string key;
            string status;
            if (req["method"]!.GetValue<string>() == "POST")
            {
                var existing = Find(staged, type, req["ifNoneExist"]?.GetValue<string>());
                if (existing is not null)
                {
                    (key, status) = (existing, "200 OK");
                }
                else
                {
                    key = $"{type}/p{++id}";
                    staged[key] = [];
                    status = "201 Created";
                }
            }
            else
            {
                key = url.Contains('?', StringComparison.Ordinal) ? Find(staged, type, url[(url.IndexOf('?', StringComparison.Ordinal) + 1)..]) ?? $"{type}/p{++id}" : url;
                if (!staged.TryGetValue(key, out var current))
                {
                    staged[key] = current = [];
                }

                if (req["ifMatch"]?.GetValue<string>() is { } ifMatch && ifMatch != $"W/\"{current.Count}\"")
                {
                    return null;
                }

                status = current.Count == 0 ? "201 Created" : "200 OK";
            }

            urls[entry["fullUrl"]?.GetValue<string>() ?? key] = key;
            results.Add((key, status));
            if (status != "200 OK" || req["method"]!.GetValue<string>() == "PUT")
            {
                staged[key].Add(resource);
            }
        }

        foreach (var (key, _) in results.Distinct())
        {
            var versions = staged[key];
            var json = versions[^1].ToJsonString();
            foreach (var (fullUrl, local) in urls)
            {
                json = json.Replace($"\"{fullUrl}\"", $"\"{local}\"", StringComparison.Ordinal);
            }

            var stamped = (JsonObject)JsonNode.Parse(json)!;
            Stamp(stamped, key.Split('/')[1], versions.Count);
            versions[^1] = stamped;
        }

        foreach (var (key, versions) in staged)
        {
            resources[key] = versions;
        }

        nextId = id;
        return new Bundle
        {
            Type = Bundle.BundleType.TransactionResponse,
            Entry = [.. results.Select(r => new Bundle.EntryComponent
            {
                Resource = representation ? FhirJson.Parse<Resource>(staged[r.Key][^1].ToJsonString()) : null,
                Response = new Bundle.ResponseComponent
                {
                    Status = r.Status,
                    Location = $"{r.Key}/_history/{staged[r.Key].Count}",
                    Etag = $"W/\"{staged[r.Key].Count}\"",
                },
            })],
        };
    }

    private bool Prefers(IRequestMessage request) =>
        ReturnsRepresentation && request.Headers?.TryGetValue("Prefer", out var prefer) == true
        && prefer.Any(p => p.Contains("return=representation", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The first relative reference (<c>Type/id</c>) in the transaction's resources that names neither a resource held
    /// here nor an entry of the transaction; null when all resolve. Absolute URLs and logical references (identifier only) pass.
    /// </summary>
    private string? Unresolvable(JsonObject bundle)
    {
        var entries = (bundle["entry"]?.AsArray() ?? []).Select(e => e!.AsObject()).ToList();
        var inBundle = entries.Select(e => e["fullUrl"]?.GetValue<string>()).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var resource in entries.Select(e => e["resource"]))
        {
            foreach (var reference in References(resource))
            {
                var parts = reference.Split('/');
                if (!inBundle.Contains(reference) && !reference.StartsWith("urn:", StringComparison.Ordinal) && !reference.Contains("://", StringComparison.Ordinal)
                    && parts.Length == 2 && !(resources.TryGetValue(reference, out var versions) && versions.Count > 0))
                {
                    return reference;
                }
            }
        }

        return null;
    }

    private static IEnumerable<string> References(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "reference" && p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? [s] : References(p.Value)),
        JsonArray a => a.SelectMany(References),
        _ => [],
    };

    private static ResponseMessage Dropped(ResponseMessage message)
    {
        message.FaultType = FaultType.MALFORMED_RESPONSE_CHUNK;
        message.FaultPercentage = 1.0;
        return message;
    }

    private static void Stamp(JsonObject resource, string id, int version)
    {
        resource["id"] = id;
        var meta = new JsonObject { ["versionId"] = version.ToString(CultureInfo.InvariantCulture) };
        if (resource["meta"]?["tag"] is { } tag)
        {
            meta["tag"] = tag.DeepClone();
        }

        resource["meta"] = meta;
    }

    /// <summary>"identifier=system|value" or "_tag=system|code": the one resource of that type that has it.</summary>
    private static string? Find(Dictionary<string, List<JsonObject>> store, string type, string? condition)
    {
        if (condition is null)
        {
            return null;
        }

        var wanted = Uri.UnescapeDataString(condition[(condition.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        return store.Where(r => r.Key.StartsWith(type + "/", StringComparison.Ordinal) && r.Value.Count > 0 && Keys(r.Value[^1]).Contains(wanted))
            .Select(r => r.Key).SingleOrDefault();
    }

    private static IEnumerable<string> Keys(JsonObject resource) =>
        (resource["identifier"]?.AsArray() ?? []).Select(i => $"{i?["system"]}|{i?["value"]}")
            .Concat((resource["meta"]?["tag"]?.AsArray() ?? []).Select(t => $"{t?["system"]}|{t?["code"]}"));
}
