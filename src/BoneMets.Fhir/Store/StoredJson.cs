using System.Globalization;
using BoneMets.Fhir.Fhir;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Store;

/// <summary>
/// A resource's JSON as stored, made with one serialization instead of two. The content hash is taken over the JSON
/// without meta.versionId and meta.lastUpdated (so unchanged content writes no new version); the stored JSON is that
/// same text with the two values put back in, which is exactly what serializing the resource with them gives
/// (Firely writes resourceType, id, then meta, whose first elements are versionId and lastUpdated). When the text is
/// not in that shape the caller serializes again.
/// </summary>
internal static class StoredJson
{
    /// <summary>The serialization of <paramref name="resource"/> without meta.versionId and meta.lastUpdated (restored afterwards).</summary>
    public static string Bare(Resource resource)
    {
        if (resource.Meta is not { } meta)
        {
            return FhirJson.Serialize(resource);
        }

        var (versionId, lastUpdated) = (meta.VersionId, meta.LastUpdated);
        meta.VersionId = null;
        meta.LastUpdated = null;
        try
        {
            return FhirJson.Serialize(resource);
        }
        finally
        {
            meta.VersionId = versionId;
            meta.LastUpdated = lastUpdated;
        }
    }

    /// <summary>meta.lastUpdated as Firely writes it (the serializer's own text, not a format of ours).</summary>
    public static string Instant(DateTimeOffset now)
    {
        var probe = FhirJson.Serialize(new Basic { Meta = new Meta { LastUpdated = now } });
        const string key = "\"lastUpdated\":\"";
        var start = probe.IndexOf(key, StringComparison.Ordinal) + key.Length;
        return probe[start..probe.IndexOf('"', start)];
    }

    /// <summary>The bare JSON with versionId and lastUpdated put back; null when it is not in the expected shape.</summary>
    public static string? WithVersion(string bare, string type, string id, int version, string lastUpdated)
    {
        var prefix = $"{{\"resourceType\":\"{type}\",\"id\":\"{id}\"";
        if (!bare.StartsWith(prefix, StringComparison.Ordinal) || id.Any(c => c is '"' or '\\'))
        {
            return null;
        }

        var versioned = string.Create(CultureInfo.InvariantCulture, $"\"versionId\":\"{version}\",\"lastUpdated\":\"{lastUpdated}\"");
        var rest = bare[prefix.Length..];
        const string emptyMeta = ",\"meta\":{}";
        const string meta = ",\"meta\":{";
        if (rest.StartsWith(emptyMeta, StringComparison.Ordinal))
        {
            return prefix + meta + versioned + "}" + rest[emptyMeta.Length..];
        }

        return rest.StartsWith(meta, StringComparison.Ordinal)
            ? prefix + meta + versioned + "," + rest[meta.Length..]
            : prefix + meta + versioned + "}" + rest;
    }
}
