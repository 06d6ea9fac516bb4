using BoneMets.Fhir.Gather;
using BoneMets.Fhir.Options;

namespace BoneMets.Fhir.Subscriptions;

/// <summary>The partners whose referrals the service fetches (those with a Subscription section), each through its own HttpClient.</summary>
public sealed class SubscriptionPartners(GatherOptions options, IHttpClientFactory clients, TimeProvider clock)
{
    public IEnumerable<PartnerFhir> All() =>
        options.Partners.Where(p => p.Value.Subscription is not null).Select(p => Client(p.Key, p.Value));

    public PartnerFhir? Find(string partnerId) =>
        options.Partners.TryGetValue(partnerId, out var partner) && partner.Subscription is not null ? Client(partnerId, partner) : null;

    public bool Any => options.Partners.Values.Any(p => p.Subscription is not null);

    private PartnerFhir Client(string id, PartnerOptions partner) =>
        new(new Partner(id, partner), clients.CreateClient(PartnerHttp.ClientName(id)), clock);
}
