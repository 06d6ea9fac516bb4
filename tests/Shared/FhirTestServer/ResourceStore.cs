using System.Globalization;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Testing;

/// <summary>
/// The test server's database: every version of every resource by "Type/id", and what was deleted. Not thread-safe:
/// the server serves one request at a time against it, as one database would. A transaction works on a
/// <see cref="Copy"/> and commits it with <see cref="ReplaceWith"/>: all or nothing.
/// </summary>
public sealed class ResourceStore
{
    private readonly Dictionary<string, List<Resource>> versions;
    private readonly HashSet<string> deleted;
    private readonly HashSet<string> reserved = new(StringComparer.Ordinal);
    private int nextId;

    public ResourceStore() : this(new(StringComparer.Ordinal), new(StringComparer.Ordinal), 0)
    {
    }

    private ResourceStore(Dictionary<string, List<Resource>> versions, HashSet<string> deleted, int nextId) =>
        (this.versions, this.deleted, this.nextId) = (versions, deleted, nextId);

    public IEnumerable<Resource> Current => versions.Values.Where(v => v.Count > 0).Select(v => v[^1]);

    public IEnumerable<Resource> OfType(string type) => Current.Where(r => r.TypeName == type);

    public Resource? Read(string type, string id) => versions.TryGetValue(Key(type, id), out var v) && v.Count > 0 ? v[^1] : null;

    public Resource? VRead(string type, string id, string version) =>
        versions.TryGetValue(Key(type, id), out var v) ? v.FirstOrDefault(r => r.Meta?.VersionId == version) : null;

    public IReadOnlyList<Resource> History(string type, string id) => versions.TryGetValue(Key(type, id), out var v) ? v : [];

    public bool IsDeleted(string type, string id) => deleted.Contains(Key(type, id));

    /// <summary>An id no resource held has (of any type), as a server assigns them.</summary>
    public string NewId()
    {
        string id;
        do
        {
            id = $"srv{++nextId}";
        }
        while (versions.Keys.Any(k => k.EndsWith("/" + id, StringComparison.Ordinal)));

        return id;
    }

    /// <summary>An id given out before its create is served (a transaction's urn:uuid entries); the create takes it.</summary>
    public string Reserve()
    {
        var id = NewId();
        reserved.Add(id);
        return id;
    }

    /// <summary><paramref name="id"/> when it was reserved (and now taken), else a new id: a server ignores the id a create sends.</summary>
    public string IdForCreate(string? id) => id is not null && reserved.Remove(id) ? id : NewId();

    /// <summary>Stores a new version of <paramref name="resource"/> (a copy, with id, versionId and lastUpdated stamped) and returns it.</summary>
    public Resource Put(Resource resource, DateTimeOffset now)
    {
        var stored = (Resource)resource.DeepCopy();
        stored.Id ??= NewId();
        var key = Key(stored.TypeName, stored.Id);
        if (!versions.TryGetValue(key, out var list))
        {
            versions[key] = list = [];
        }

        stored.Meta ??= new Meta();
        stored.Meta.VersionId = (list.Count + 1).ToString(CultureInfo.InvariantCulture);
        stored.Meta.LastUpdated = now;
        list.Add(stored);
        deleted.Remove(key);
        return stored;
    }

    /// <summary>Deletes: reads answer 410 Gone from now on. False when there was nothing to delete.</summary>
    public bool Delete(string type, string id)
    {
        var key = Key(type, id);
        var existed = versions.Remove(key);
        deleted.Add(key);
        return existed;
    }

    public ResourceStore Copy() => new(
        versions.ToDictionary(v => v.Key, v => new List<Resource>(v.Value), StringComparer.Ordinal), new(deleted, StringComparer.Ordinal), nextId);

    public void ReplaceWith(ResourceStore other)
    {
        versions.Clear();
        foreach (var (key, list) in other.versions)
        {
            versions[key] = list;
        }

        deleted.Clear();
        deleted.UnionWith(other.deleted);
        nextId = other.nextId;
    }

    private static string Key(string type, string id) => $"{type}/{id}";
}
