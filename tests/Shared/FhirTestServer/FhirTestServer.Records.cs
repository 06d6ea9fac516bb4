using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Testing;

/// <summary>What the test sees of, and does to, the partner's records directly (not over HTTP).</summary>
public sealed partial class FhirTestServer
{
    /// <summary>Types the CapabilityStatement declares even while none is held (those held are declared anyway).</summary>
    public List<string> DeclaredTypes { get; } = [];

    /// <summary>The partner already holds <paramref name="resource"/> (its id kept, a new version stamped).</summary>
    public FhirTestServer Add(Resource resource)
    {
        lock (gate)
        {
            store.Put(resource, Clock.GetUtcNow());
        }

        return this;
    }

    public FhirTestServer AddRange(IEnumerable<Resource> resources)
    {
        foreach (var resource in resources)
        {
            Add(resource);
        }

        return this;
    }

    /// <summary>The current version (a copy), or null when not held.</summary>
    public T? Find<T>(string id) where T : Resource
    {
        lock (gate)
        {
            return store.Read(ModelInfo.GetFhirTypeNameForType(typeof(T))!, id)?.DeepCopy() as T;
        }
    }

    public T Get<T>(string id) where T : Resource => Find<T>(id) ?? throw new KeyNotFoundException($"{typeof(T).Name}/{id} is not held.");

    /// <summary>The current version of every resource of a type (copies), oldest first.</summary>
    public IReadOnlyList<T> All<T>() where T : Resource
    {
        lock (gate)
        {
            return [.. store.OfType(ModelInfo.GetFhirTypeNameForType(typeof(T))!).Select(r => (T)r.DeepCopy())];
        }
    }

    /// <summary>Every version held of one resource, oldest first.</summary>
    public IReadOnlyList<T> History<T>(string id) where T : Resource
    {
        lock (gate)
        {
            return [.. store.History(ModelInfo.GetFhirTypeNameForType(typeof(T))!, id).Select(r => (T)r.DeepCopy())];
        }
    }

    /// <summary>Someone at the partner edits a resource: a new version, so the program's next If-Match update of it is stale.</summary>
    public T Edit<T>(string id, Action<T> edit) where T : Resource
    {
        lock (gate)
        {
            var next = (T)(store.Read(ModelInfo.GetFhirTypeNameForType(typeof(T))!, id) ?? throw new KeyNotFoundException($"{typeof(T).Name}/{id} is not held.")).DeepCopy();
            edit(next);
            return (T)store.Put(next, Clock.GetUtcNow()).DeepCopy();
        }
    }

    /// <summary>Someone at the partner deletes a resource: reads answer 410 Gone from now on.</summary>
    public void Delete(string type, string id)
    {
        lock (gate)
        {
            store.Delete(type, id);
        }
    }

    /// <summary>Business identifiers (system|value) held by more than one resource of a type: a lost idempotency, must stay empty.</summary>
    public IReadOnlyList<string> DuplicateIdentifiers()
    {
        lock (gate)
        {
            return [.. store.Current.SelectMany(r => Identifiers(r).Distinct().Select(i => $"{r.TypeName}|{i}"))
                .GroupBy(k => k).Where(g => g.Count() > 1).Select(g => g.Key)];
        }
    }

    private static IEnumerable<string> Identifiers(Resource resource) =>
        Hl7.Fhir.FhirPath.FhirPathExtensions.Select(resource, "identifier").OfType<Identifier>()
            .Select(i => $"{i.System}|{i.Value}");
}
