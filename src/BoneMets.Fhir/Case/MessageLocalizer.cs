using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Intake;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Case;

/// <summary>
/// Turns a message's resources into resources this server holds, as a FHIR server does with a transaction:
/// each keeps its id (or takes the uuid of its urn:uuid fullUrl), and every reference to another entry is
/// rewritten to "Type/id". References outside the message are left as they are. Pure; works on copies.
/// </summary>
public static class MessageLocalizer
{
    public static IReadOnlyList<Resource> Localize(ReferralMessage message)
    {
        var bundle = message.Bundle;
        var copies = new List<Resource>();
        var index = new BundleIndex(bundle);
        var localIds = new Dictionary<Resource, string>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            var resource = bundle.Entry[i].Resource!;
            localIds[resource] = resource.Id ?? IdFromFullUrl(bundle.Entry[i].FullUrl) ?? DeterministicId.For(message.BundleId, $"entry-{i}");
        }

        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            var original = bundle.Entry[i].Resource!;
            var copy = (Resource)original.DeepCopy();
            copy.Id = localIds[original];
            copy.Meta = null; // versionId and lastUpdated are this server's to assign
            foreach (var (_, reference) in ReferenceWalker.Walk(copy, copy.TypeName))
            {
                if (index.Resolve(reference.Reference, i) is { } target)
                {
                    reference.Reference = $"{target.TypeName}/{localIds[target]}";
                }
            }

            copies.Add(copy);
        }

        return copies;
    }

    /// <summary>The id a message resource is stored under: its own id, else the uuid of its urn:uuid fullUrl.</summary>
    public static string LocalId(ReferralMessage message, Resource resource)
    {
        var entry = message.Bundle.Entry.FindIndex(e => ReferenceEquals(e.Resource, resource));
        return resource.Id ?? IdFromFullUrl(entry >= 0 ? message.Bundle.Entry[entry].FullUrl : null)
            ?? DeterministicId.For(message.BundleId, $"entry-{entry}");
    }

    private static string? IdFromFullUrl(string? fullUrl) =>
        fullUrl is not null && fullUrl.StartsWith("urn:uuid:", StringComparison.Ordinal) ? fullUrl["urn:uuid:".Length..] : null;
}
