using BoneMets.Fhir.Search;

namespace BoneMets.Fhir.Store;

/// <summary>
/// What a client sees of the stored resources (ADR 0016), the FHIR API's only read path. A partner's client
/// (<c>partner</c> set) sees the resources written for its own partner's referrals — the referral's Task, ServiceRequest,
/// Patient, the clinical resources it carried and everything the service produced for it — and nothing else: another
/// partner's id reads as unknown (404), and searches count and page only its own, because the filter is in the store's
/// query (<see cref="SearchQuery.VisibleTo"/>). Reads are that same query by id, so there is one rule, not one per endpoint.
/// An operator or auditor client (<c>partner</c> null) sees everything.
/// </summary>
public sealed class PartnerView(IResourceStore store)
{
    public Task<SearchPage> SearchAsync(string? partner, SearchQuery query, CancellationToken cancellationToken) =>
        store.SearchAsync(query with { VisibleTo = partner }, cancellationToken);

    public async Task<StoredResource?> ReadAsync(string? partner, string type, string id, CancellationToken cancellationToken) =>
        await VisibleAsync(partner, type, id, cancellationToken) ? await store.ReadAsync(type, id, cancellationToken) : null;

    public async Task<StoredResource?> ReadVersionAsync(string? partner, string type, string id, int version, CancellationToken cancellationToken) =>
        await VisibleAsync(partner, type, id, cancellationToken) ? await store.ReadVersionAsync(type, id, version, cancellationToken) : null;

    private async Task<bool> VisibleAsync(string? partner, string type, string id, CancellationToken cancellationToken) =>
        partner is null || (await SearchAsync(partner, new SearchQuery(type, [], [id], [], 1, 0, []), cancellationToken)).Resources.Count > 0;
}
