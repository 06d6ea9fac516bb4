using BoneMets.Fhir.Search;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Store;

public sealed record StoredResource(string Type, string Id, int Version, DateTimeOffset LastUpdated, long Sequence, string Json);

public sealed record SearchPage(IReadOnlyList<StoredResource> Resources, int Total, long? NextCursor);

/// <summary>The resources received and produced, versioned, readable and searchable.</summary>
public interface IResourceStore
{
    Task<StoredResource?> ReadAsync(string type, string id, CancellationToken cancellationToken);

    Task<StoredResource?> ReadVersionAsync(string type, string id, int version, CancellationToken cancellationToken);

    Task<SearchPage> SearchAsync(SearchQuery query, CancellationToken cancellationToken);

    /// <summary>Writes new versions of the resources that changed (content other than meta); unchanged ones are left alone.</summary>
    Task UpsertAsync(IReadOnlyCollection<Resource> resources, DateTimeOffset now, CancellationToken cancellationToken);
}
