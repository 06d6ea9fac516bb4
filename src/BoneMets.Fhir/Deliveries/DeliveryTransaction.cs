using System.Text.Json.Nodes;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Gather;
using BoneMets.Fhir.Store;
using BoneMets.Fhir.Terminology;
using Hl7.Fhir.Model;
using Task = Hl7.Fhir.Model.Task;

namespace BoneMets.Fhir.Deliveries;

/// <summary>What the partner holds for one of our resources: its id, version and (after a conflict) its current content.</summary>
public sealed record PartnerCopy(string TheirId, string? TheirVersion, Resource? Current = null);

/// <summary>A planned transaction: the Bundle, which snapshot resource each entry carries, and what needed no write.</summary>
public sealed record PlannedTransaction(Bundle Bundle, IReadOnlyList<Resource> Entries, IReadOnlyList<PartnerVersion> AlreadyApplied);

/// <summary>
/// Plans the transaction Bundle that delivers a snapshot to a partner (pure). First time: a conditional create
/// keyed on the program's business identifier (<c>ifNoneExist</c>), so a retry or replay finds the resource
/// instead of creating a second. Once the partner's id and version are known: an update with <c>If-Match</c>.
/// After a conflict the partner's current copy is given: our elements are merged onto theirs, and a resource
/// that already reads as ours (a write whose response was lost) needs no write at all. The placer's Task on the
/// partner's server (<see cref="PlacerTask"/>) is always given with its current copy, and only ever updated.
/// </summary>
public static class DeliveryTransaction
{
    public static PlannedTransaction Plan(
        IReadOnlyList<Resource> snapshot, IReadOnlyDictionary<string, PartnerCopy> partner, DeliveryRoute route, string ownBase, string fhirBase)
    {
        var fullUrls = snapshot.ToDictionary(Key, r => partner.TryGetValue(Key(r), out var copy)
            ? $"{r.TypeName}/{copy.TheirId}" : "urn:uuid:" + DeterministicId.UuidOf(r.Id!), StringComparer.Ordinal);
        var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
        var entries = new List<Resource>();
        var applied = new List<PartnerVersion>();
        foreach (var local in snapshot)
        {
            var body = ForPartner(local, fullUrls, partner, route, ownBase);
            if (!partner.TryGetValue(Key(local), out var copy))
            {
                if (PlacerTask.TheirId(local, route) is { } placer)
                {
                    throw new InvalidOperationException($"The placer's Task/{placer} must be read before it is updated; it is never created.");
                }

                bundle.Entry.Add(new Bundle.EntryComponent
                {
                    FullUrl = fullUrls[Key(local)],
                    Resource = body,
                    Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = local.TypeName, IfNoneExist = Condition(local) },
                });
                entries.Add(local);
                continue;
            }

            if (copy.Current is { } current)
            {
                var merged = PlacerTask.TheirId(local, route) is null ? Merge(current, body) : PlacerTask.Merge(current, body);
                if (merged is null)
                {
                    applied.Add(new PartnerVersion(local.TypeName, local.Id!, copy.TheirId, copy.TheirVersion));
                    continue;
                }

                body = merged;
            }

            body.Id = copy.TheirId;
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"{fhirBase}/{local.TypeName}/{copy.TheirId}",
                Resource = body,
                Request = copy.TheirVersion is { } version
                    ? new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"{local.TypeName}/{copy.TheirId}", IfMatch = $"W/\"{version}\"" }
                    : PlacerTask.TheirId(local, route) is not null // their server keeps no versions: by id, never by our identifier (it is not on theirs yet)
                        ? new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"{local.TypeName}/{copy.TheirId}" }
                        : new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"{local.TypeName}?{Condition(local)}" },
            });
            entries.Add(local);
        }

        return new PlannedTransaction(bundle, entries, applied);
    }

    /// <summary>"Type/local id", the key of a snapshot resource.</summary>
    public static string Key(Resource resource) => $"{resource.TypeName}/{resource.Id}";

    /// <summary>The search that finds a delivered resource by the program's business identifier (Provenance: by its tag).</summary>
    public static string Condition(Resource resource)
    {
        if (resource is Provenance)
        {
            return $"_tag={CodeSystems.WriteBackTag}|{resource.Id}";
        }

        var system = resource is Task ? CodeSystems.ReferralIdentifier : CodeSystems.WriteBackIdentifier;
        var identifier = DeliveryPayloads.Identifiers(resource).FirstOrDefault(i => i.System == system) ?? throw new InvalidOperationException($"{resource.TypeName}/{resource.Id} carries no {system} identifier.");
        return $"identifier={system}|{identifier.Value}";
    }

    /// <summary>
    /// The copy the partner gets: no local id or meta; references to resources in this delivery point at their
    /// entries, to earlier deliveries at the partner's ids, to what the referrer sent at their own resources (with
    /// their identifier, or by identifier alone), and to anything else of ours by absolute URL on this service.
    /// </summary>
    private static Resource ForPartner(
        Resource local, IReadOnlyDictionary<string, string> fullUrls, IReadOnlyDictionary<string, PartnerCopy> partner, DeliveryRoute route, string ownBase)
    {
        var copy = (Resource)local.DeepCopy();
        copy.Id = null;
        copy.Meta = local is Provenance ? new Meta { Tag = [new Coding(CodeSystems.WriteBackTag, local.Id)] } : null;
        foreach (var (_, reference) in ReferenceWalker.Walk(copy, copy.TypeName))
        {
            if (reference.Reference is not { } target || References.Of(target) is not { IsRelativeRestUrl: true, VersionId: null } identity
                || target != $"{identity.ResourceType}/{identity.Id}")
            {
                continue;
            }

            var (type, id) = (identity.ResourceType, identity.Id);

            if (fullUrls.TryGetValue(target, out var inBundle))
            {
                reference.Reference = inBundle;
            }
            else if (route.Received.TryGetValue(target, out var received))
            {
                // Their own id when known (hosted there, fetched from them, found by identifier or by the message's id);
                // else by identifier alone (logical), so a server that enforces referential integrity is not handed a
                // message's id it never held; with no identifier either, our own copy by absolute URL.
                reference.Reference = partner.TryGetValue(target, out var resolved) ? $"{type}/{resolved.TheirId}"
                    : received.Authoritative ? received.Literal
                    : received.IdentifierValue is null ? $"{ownBase}/{type}/{id}"
                    : null;
                reference.Type = received.Type;
                reference.Identifier = received.IdentifierValue is null ? null : new Identifier(received.IdentifierSystem, received.IdentifierValue);
            }
            else if (partner.TryGetValue(target, out var known))
            {
                reference.Reference = $"{type}/{known.TheirId}";
            }
            else
            {
                reference.Reference = $"{ownBase}/{type}/{id}";
                reference.Type = type; // absolute on another server: say what it is without resolving it
            }
        }

        return copy;
    }

    /// <summary>Our elements onto their current copy; null when theirs already holds everything of ours (nothing to write).</summary>
    internal static Resource? Merge(Resource theirs, Resource ours)
    {
        var theirJson = Comparable(theirs);
        var merged = (JsonObject)theirJson.DeepClone();
        foreach (var (name, value) in Comparable(ours))
        {
            merged[name] = value?.DeepClone();
        }

        // A note or identifier added at the partner (a clinician's comment) is kept beside ours, never overwritten.
        foreach (var name in Kept)
        {
            foreach (var item in theirJson[name] as JsonArray ?? [])
            {
                if (merged[name] is JsonArray items && item is not null && !items.Any(i => JsonNode.DeepEquals(i, item)))
                {
                    items.Add(item.DeepClone());
                }
            }
        }

        if (JsonNode.DeepEquals(theirJson, merged) || PartnerFhir.Read(merged.ToJsonString()) is not { } result)
        {
            return null;
        }

        result.Meta = ours.Meta; // the Provenance's write-back tag
        return result;
    }

    private static readonly string[] Kept = ["identifier", "note"];

    private static JsonObject Comparable(Resource resource)
    {
        var json = (JsonObject)JsonNode.Parse(FhirJson.Serialize(resource))!;
        json.Remove("id");
        json.Remove("meta");
        json.Remove("text");
        return json;
    }
}
