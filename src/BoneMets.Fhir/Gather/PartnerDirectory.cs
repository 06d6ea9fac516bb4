using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Options;
using Hl7.Fhir.Model;
using BoneMets.Fhir.Partners;

namespace BoneMets.Fhir.Gather;

/// <summary>A configured partner and its id.</summary>
public sealed record Partner(string Id, PartnerOptions Options);

/// <summary>
/// Names a referral's partner: the partner whose BaseUrl serves the MessageHeader's focus (a references-only
/// referral points into its server: the strongest sign), then the sender Organization's identifier, then
/// MessageHeader.source.endpoint, then Gather:DefaultPartner; null when none applies (the referral is gathered from
/// the message alone).
/// </summary>
public sealed class PartnerDirectory(PartnersOptions partners, GatherOptions gather)
{
    /// <summary>The configured partner whose FHIR base is exactly <paramref name="baseUrl"/>; null when none is.</summary>
    public Partner? ForBase(string baseUrl)
    {
        foreach (var (id, partner) in partners)
        {
            if (partner.BaseUrl is not null && string.Equals(partner.BaseUrl, baseUrl, StringComparison.Ordinal))
            {
                return new Partner(id, partner);
            }
        }

        return null;
    }

    public Partner? Resolve(ReferralMessage message)
    {
        foreach (var focus in message.Header.Focus)
        {
            if (ReferralPointer.Parse(focus.Reference) is { } pointer && ForBase(pointer.BaseUrl) is { } served)
            {
                return served;
            }
        }

        var senderIdentifiers = SenderIdentifiers(message.Header, message.Bundle).ToHashSet(StringComparer.Ordinal);
        foreach (var (id, partner) in partners)
        {
            if (partner.SenderIdentifier is { } wanted && senderIdentifiers.Contains(wanted))
            {
                return new Partner(id, partner);
            }
        }

        var endpoint = message.Header.Source?.Endpoint;
        foreach (var (id, partner) in partners)
        {
            if (endpoint is not null && partner.SourceEndpoints.Contains(endpoint, StringComparer.Ordinal))
            {
                return new Partner(id, partner);
            }
        }

        return gather.DefaultPartner is { } fallback ? new Partner(fallback, partners[fallback]) : null;
    }

    /// <summary>
    /// True when the message names <paramref name="partnerId"/> as its sender: MessageHeader.sender (its identifier, or
    /// the sender Organization's) is the partner's SenderIdentifier, or MessageHeader.source.endpoint is one of its
    /// SourceEndpoints. What a partner's client must show before its message is taken (ADR 0016).
    /// </summary>
    public bool Names(string partnerId, MessageHeader header, Bundle bundle) =>
        partners.TryGetValue(partnerId, out var partner)
        && ((partner.SenderIdentifier is { } wanted && SenderIdentifiers(header, bundle).Contains(wanted, StringComparer.Ordinal))
            || (header.Source?.Endpoint is { } endpoint && partner.SourceEndpoints.Contains(endpoint, StringComparer.Ordinal)));

    private static IEnumerable<string> SenderIdentifiers(MessageHeader header, Bundle bundle)
    {
        if (header.Sender is not { } sender)
        {
            yield break;
        }

        if (sender.Identifier is { Value: not null } direct)
        {
            yield return $"{direct.System}|{direct.Value}";
        }

        var organization = new BundleIndex(bundle).Resolve(sender.Reference, 0) as Organization;
        foreach (var identifier in organization?.Identifier ?? [])
        {
            yield return $"{identifier.System}|{identifier.Value}";
        }
    }
}
