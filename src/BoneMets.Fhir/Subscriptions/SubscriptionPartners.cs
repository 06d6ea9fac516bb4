using BoneMets.Fhir.Gather;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Partners;

namespace BoneMets.Fhir.Subscriptions;

/// <summary>The partners whose referrals the service fetches (those with a Subscription section), each through its own HttpClient.</summary>
public sealed class SubscriptionPartners(PartnersOptions partners, IHttpClientFactory clients, TimeProvider clock)
{
    public IEnumerable<PartnerFhir> All() =>
        partners.Where(p => p.Value.Subscription is not null).Select(p => Client(p.Key, p.Value));

    public PartnerFhir? Find(string partnerId) =>
        partners.TryGetValue(partnerId, out var partner) && partner.Subscription is not null ? Client(partnerId, partner) : null;

    public bool Any => partners.Values.Any(p => p.Subscription is not null);

    private PartnerFhir Client(string id, PartnerOptions partner) =>
        new(new Partner(id, partner), clients.CreateClient(PartnerHttp.ClientName(id)), clock);
}
