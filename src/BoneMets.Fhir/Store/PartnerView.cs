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

    /// <summary>
    /// The resources a page's <see cref="SearchQuery.Includes"/> bring, through the same partner filter as the matches
    /// (a partner never gets another partner's resource by include): those the matches reference, read by id in one
    /// query per type, and those referencing the matches, one search per _revinclude of at most
    /// <see cref="SearchQuery.MaxCount"/> (<c>Truncated</c> when there were more). Matches and duplicates are left out.
    /// </summary>
    public async Task<(IReadOnlyList<StoredResource> Included, bool Truncated)> IncludedAsync(
        string? partner, SearchQuery query, IReadOnlyList<StoredResource> matches, CancellationToken cancellationToken)
    {
        var included = new List<StoredResource>();
        if (query.Includes.Count == 0 || matches.Count == 0)
        {
            return (included, false);
        }

        var seen = matches.Select(Key).ToHashSet(StringComparer.Ordinal);
        var parsed = new Lazy<List<Hl7.Fhir.Model.Resource>>(() => [.. matches.Select(m => Fhir.FhirJson.ParseResource(m.Json))]);
        var truncated = false;
        foreach (var include in query.Includes)
        {
            var found = new List<StoredResource>();
            if (!include.Reverse)
            {
                var targets = parsed.Value.SelectMany(include.Targets).Where(t => !seen.Contains(t)).Distinct(StringComparer.Ordinal);
                foreach (var byType in targets.GroupBy(t => t[..t.IndexOf('/', StringComparison.Ordinal)], StringComparer.Ordinal))
                {
                    foreach (var ids in byType.Select(t => t[(byType.Key.Length + 1)..]).Chunk(SearchQuery.MaxCount))
                    {
                        found.AddRange((await SearchAsync(partner, new SearchQuery(byType.Key, [], ids, [], ids.Length, 0, []), cancellationToken)).Resources);
                    }
                }
            }
            else
            {
                var referenced = string.Join(',', matches.Select(Key));
                var (search, _) = SearchQuery.Parse(include.Parameter.Resource,
                    [KeyValuePair.Create(include.Parameter.Name, referenced), KeyValuePair.Create("_count", SearchQuery.MaxCount.ToString(System.Globalization.CultureInfo.InvariantCulture))], strict: true);
                var page = await SearchAsync(partner, search!, cancellationToken);
                found.AddRange(page.Resources);
                truncated |= page.NextCursor is not null;
            }

            included.AddRange(found.Where(r => seen.Add(Key(r))));
        }

        return (included, truncated);
    }

    private static string Key(StoredResource resource) => $"{resource.Type}/{resource.Id}";

    private async Task<bool> VisibleAsync(string? partner, string type, string id, CancellationToken cancellationToken) =>
        partner is null || (await SearchAsync(partner, new SearchQuery(type, [], [id], [], 1, 0, []), cancellationToken)).Resources.Count > 0;
}
