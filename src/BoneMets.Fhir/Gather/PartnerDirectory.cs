using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Options;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Gather;

/// <summary>A configured partner and its id.</summary>
public sealed record Partner(string Id, PartnerOptions Options);

/// <summary>
/// Names a referral's partner: the sender Organization's identifier first, then MessageHeader.source.endpoint,
/// then Gather:DefaultPartner; null when none applies (the referral is gathered from the message alone).
/// </summary>
public sealed class PartnerDirectory(GatherOptions options)
{
    public Partner? Resolve(ReferralMessage message)
    {
        var senderIdentifiers = SenderIdentifiers(message).ToHashSet(StringComparer.Ordinal);
        foreach (var (id, partner) in options.Partners)
        {
            if (partner.SenderIdentifier is { } wanted && senderIdentifiers.Contains(wanted))
            {
                return new Partner(id, partner);
            }
        }

        var endpoint = message.Header.Source?.Endpoint;
        foreach (var (id, partner) in options.Partners)
        {
            if (endpoint is not null && partner.SourceEndpoints.Contains(endpoint, StringComparer.Ordinal))
            {
                return new Partner(id, partner);
            }
        }

        return options.DefaultPartner is { } fallback ? new Partner(fallback, options.Partners[fallback]) : null;
    }

    private static IEnumerable<string> SenderIdentifiers(ReferralMessage message)
    {
        if (message.Header.Sender is not { } sender)
        {
            yield break;
        }

        if (sender.Identifier is { Value: not null } direct)
        {
            yield return $"{direct.System}|{direct.Value}";
        }

        var organization = new BundleIndex(message.Bundle).Resolve(sender.Reference, 0) as Organization;
        foreach (var identifier in organization?.Identifier ?? [])
        {
            yield return $"{identifier.System}|{identifier.Value}";
        }
    }
}
