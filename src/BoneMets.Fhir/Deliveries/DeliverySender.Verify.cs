using BoneMets.Fhir.Store;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Deliveries;

/// <summary>Verification after a 2xx (issue 19): a delivery is done only when the partner is seen to hold it.</summary>
public sealed partial class DeliverySender
{
    private const string Unverified = "the partner did not confirm";

    /// <summary>
    /// After a 2xx: what the partner calls each entry and whether it holds what was sent. An entry is verified by the
    /// representation returned (compared on the next plan), by a new version of an If-Match update or a 201 create;
    /// otherwise it is read back. An entry without a parseable location is looked up by identifier. Verified entries
    /// leave <paramref name="pending"/>; the others get the partner's current copy for the next plan. Null: go on.
    /// </summary>
    private async Task<DeliveryOutcome?> VerifyAsync(
        HttpClient client, string fhirBase, PlannedTransaction plan, Bundle? answer, Dictionary<string, PartnerCopy> partner,
        List<PartnerVersion> verified, List<Resource> pending, CancellationToken cancellationToken)
    {
        var complete = answer is { Type: Bundle.BundleType.TransactionResponse } && answer.Entry.Count == plan.Entries.Count;
        for (var i = 0; i < plan.Entries.Count; i++)
        {
            var local = plan.Entries[i];
            var key = DeliveryTransaction.Key(local);
            var entry = complete ? answer!.Entry[i] : null;
            var learnt = PartnerReads.Learn(local, entry?.Response);
            var returned = entry?.Resource is { } r && r.TypeName == local.TypeName ? r : null;
            var ifMatch = plan.Bundle.Entry[i].Request?.IfMatch;
            if (learnt is not null && returned is not null)
            {
                partner[key] = new PartnerCopy(learnt.TheirId, learnt.TheirVersion ?? returned.Meta?.VersionId, returned);
            }
            else if (learnt is { TheirVersion: { } version } && (entry?.Response?.Status?.StartsWith("201", StringComparison.Ordinal) == true
                || (ifMatch is not null && ifMatch != $"W/\"{version}\"")))
            {
                verified.Add(learnt);
                partner[key] = new PartnerCopy(learnt.TheirId, version);
                pending.Remove(local);
            }
            else
            {
                switch (await PartnerReads.ReadAsync(client, fhirBase, local, learnt?.TheirId ?? partner.GetValueOrDefault(key)?.TheirId, clock, cancellationToken))
                {
                    case CopyRead.Found found:
                        partner[key] = found.Copy;
                        break;
                    case CopyRead.Absent:
                        return new DeliveryOutcome.Retry($"{Unverified} {key}: it answered {entry?.Response?.Status ?? "2xx"} but does not hold it", null);
                    case CopyRead.Failed failed:
                        return failed.Outcome;
                }
            }
        }

        return null;
    }
}
