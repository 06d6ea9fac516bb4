using BoneMets.Fhir.Search;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Intake;

/// <summary>
/// Resolves references inside a Bundle as FHIR specifies: an absolute reference (URL or urn:uuid) matches a
/// fullUrl; a relative one ("Type/id") resolves against the base of the referring entry's fullUrl, and, for
/// entries whose fullUrl is a urn:uuid, against the entry's resource type and id. A version-specific reference
/// (…/_history/v) matches without its version, as R4 specifies for Bundles.
/// </summary>
public sealed class BundleIndex
{
    private readonly Dictionary<string, Resource> byFullUrl = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Resource> byTypeAndId = new(StringComparer.Ordinal);
    private readonly Dictionary<Resource, int> positions = new(ReferenceEqualityComparer.Instance);

    public BundleIndex(Bundle bundle)
    {
        Entries = bundle.Entry;
        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            var entry = bundle.Entry[i];
            if (entry.Resource is not { } resource)
            {
                continue;
            }

            positions[resource] = i;
            if (entry.FullUrl is { } fullUrl)
            {
                byFullUrl.TryAdd(fullUrl, resource);
            }

            if (resource.Id is { } id)
            {
                byTypeAndId.TryAdd($"{resource.TypeName}/{id}", resource);
            }
        }
    }

    public IReadOnlyList<Bundle.EntryComponent> Entries { get; }

    public int IndexOf(Resource resource) => positions.TryGetValue(resource, out var i) ? i : -1;

    public Resource? Resolve(string? reference, int fromEntry)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        reference = ReferenceValue.SplitVersion(reference).Unversioned;

        if (byFullUrl.TryGetValue(reference, out var exact))
        {
            return exact;
        }

        if (reference.Contains(':', StringComparison.Ordinal))
        {
            return null; // absolute and not in the Bundle
        }

        var referrerUrl = fromEntry >= 0 && fromEntry < Entries.Count ? Entries[fromEntry].FullUrl : null;
        if (referrerUrl is not null && Uri.TryCreate(referrerUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            var segments = referrerUrl.Split('/');
            if (segments.Length > 2)
            {
                var serviceBase = string.Join('/', segments[..^2]);
                if (byFullUrl.TryGetValue($"{serviceBase}/{reference}", out var relative))
                {
                    return relative;
                }
            }
        }

        return byTypeAndId.GetValueOrDefault(reference);
    }
}
