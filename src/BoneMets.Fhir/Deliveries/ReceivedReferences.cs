using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Store;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Deliveries;

/// <summary>
/// The partner's own ids for the received resources a delivery refers to (the Patient above all). The id in a message
/// is often an interface engine's uuid, which a server enforcing referential integrity (HAPI's default) refuses; so a
/// received resource not hosted on the partner's server is looked up there by its identifier. Found: the reference
/// uses their id, and it is remembered with the partner ids. Not found: the reference is logical (identifier only). A
/// resource without an identifier is looked for under the message's id; not there, the reference is our own copy's
/// absolute URL.
/// </summary>
public static class ReceivedReferences
{
    /// <summary>Resolves into <paramref name="partner"/>; returns what was learnt, or the failure to record (a read that failed never changes the plan).</summary>
    public static async Task<(List<PartnerVersion> Learnt, DeliveryOutcome? Failure)> ResolveAsync(
        HttpClient client, string fhirBase, IEnumerable<Resource> snapshot, DeliveryRoute route, Dictionary<string, PartnerCopy> partner,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var learnt = new List<PartnerVersion>();
        var wanted = snapshot.SelectMany(r => ReferenceWalker.Walk(r, r.TypeName)).Select(p => p.Reference.Reference).OfType<string>()
            .Where(target => !partner.ContainsKey(target) && !snapshot.Any(r => DeliveryTransaction.Key(r) == target))
            .Distinct(StringComparer.Ordinal).ToList();
        foreach (var target in wanted)
        {
            if (!route.Received.TryGetValue(target, out var received) || received.Authoritative
                || (received.IdentifierValue is null && received.Literal is null) || References.Local(target) is not { } local)
            {
                continue;
            }

            var type = local.ResourceType;
            var url = received.IdentifierValue is { } value
                ? $"{fhirBase}/{type}?identifier=" + Uri.EscapeDataString(received.IdentifierSystem is { } system ? $"{system}|{value}" : value)
                : $"{fhirBase}/{received.Literal}"; // no identifier: does the message's id name one of theirs?
            switch (await PartnerReads.FindAsync(client, url, type, clock, cancellationToken))
            {
                case CopyRead.Found found:
                    partner[target] = found.Copy with { Current = null };
                    learnt.Add(new PartnerVersion(type, local.Id, found.Copy.TheirId, null));
                    break;
                case CopyRead.Failed { Outcome: DeliveryOutcome.Park }:
                    break; // several or unsearchable: a logical reference says whom it means without guessing which
                case CopyRead.Failed failed:
                    return (learnt, failed.Outcome);
            }
        }

        return (learnt, null);
    }
}
