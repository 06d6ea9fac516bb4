using System.Text.Json.Nodes;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Gather;
using BoneMets.Fhir.Store;
using Hl7.Fhir.Model;
using Task = Hl7.Fhir.Model.Task;

namespace BoneMets.Fhir.Deliveries;

/// <summary>
/// BSeR: the filler updates the placer's Task. When the referral's Task lives on the partner's write-back server (a
/// references-only referral whose focus was <c>…/Task/{id}</c>, or a message whose Task entry's fullUrl is on that
/// base), the program's Task is delivered as an update of theirs — never as a second Task. A PUT replaces the whole
/// resource, so ours goes on top of their current copy: the filler's elements replace theirs, their identifiers and
/// notes are kept and ours added (pure).
/// </summary>
public static class PlacerTask
{
    /// <summary>What the filler owns on the placer's Task: replaced wholesale by ours (absent in ours: removed).</summary>
    private static readonly string[] FillerOwned =
        ["status", "statusReason", "businessStatus", "owner", "output", "restriction", "priority", "lastModified"];

    /// <summary>Kept from theirs, with ours added where not already there (a clinician's note at the placer is never lost).</summary>
    private static readonly string[] Combined = ["identifier", "note"];

    /// <summary>The placer Task's id on the partner's server when <paramref name="local"/> is the referral's Task hosted there; else null.</summary>
    public static string? TheirId(Resource local, DeliveryRoute route) =>
        local is Task
        && route.Received.TryGetValue(DeliveryTransaction.Key(local), out var received)
        && received is { Hosted: true, Literal: { } literal }
        && References.Local(literal) is { ResourceType: "Task" } task
            ? task.Id
            : null;

    /// <summary>
    /// Our filler elements onto their current Task; null when theirs already holds them all (nothing to write: how a
    /// lost response to our update resolves). Their meta (profiles, tags, security labels) is kept, minus what the
    /// server assigns.
    /// </summary>
    public static Resource? Merge(Resource theirs, Resource ours)
    {
        var theirJson = (JsonObject)JsonNode.Parse(FhirJson.Serialize(theirs))!;
        var oursJson = (JsonObject)JsonNode.Parse(FhirJson.Serialize(ours))!;
        var merged = (JsonObject)theirJson.DeepClone();
        foreach (var name in FillerOwned)
        {
            merged.Remove(name);
            if (oursJson[name] is { } value)
            {
                merged[name] = value.DeepClone();
            }
        }

        foreach (var name in Combined)
        {
            foreach (var item in oursJson[name] as JsonArray ?? [])
            {
                if (merged[name] is not JsonArray items)
                {
                    merged[name] = items = [];
                }

                if (item is not null && !items.Any(i => JsonNode.DeepEquals(i, item)))
                {
                    items.Add(item.DeepClone());
                }
            }
        }

        if (JsonNode.DeepEquals(theirJson, merged))
        {
            return null;
        }

        if (merged["meta"] is JsonObject meta)
        {
            meta.Remove("versionId");
            meta.Remove("lastUpdated");
        }

        merged.Remove("text"); // their narrative described their version; a stale one would mislead
        return PartnerFhir.Read(merged.ToJsonString());
    }
}
