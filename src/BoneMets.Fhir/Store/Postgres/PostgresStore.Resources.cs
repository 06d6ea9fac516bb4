using System.Globalization;
using System.Text;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Search;
using Hl7.Fhir.Model;
using Npgsql;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Store.Postgres;

public sealed partial class PostgresStore
{
    public async Task<StoredResource?> ReadAsync(string type, string id, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = Command(connection, null,
            "SELECT type, id, version, last_updated, seq, json FROM resources WHERE type = @t AND id = @i", ("t", type), ("i", id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadStored(reader) : null;
    }

    public async Task<StoredResource?> ReadVersionAsync(string type, string id, int version, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = Command(connection, null,
            "SELECT type, id, version, last_updated, 0::bigint, json FROM resource_history WHERE type = @t AND id = @i AND version = @v",
            ("t", type), ("i", id), ("v", version));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadStored(reader) : null;
    }

    public Task UpsertAsync(IReadOnlyCollection<Resource> resources, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var prepared = SqliteStore.Prepare(resources);
        return WriteAsync(async (connection, transaction) =>
        {
            await UpsertAsync(connection, transaction, prepared, now, cancellationToken);
            return 0;
        }, cancellationToken);
    }

    public async Task<SearchPage> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        var where = new StringBuilder("r.type = @type");
        var parameters = new List<(string, object?)> { ("type", query.ResourceType) };
        AppendFilters(query, where, parameters);
        AppendVisibility(query, where, parameters);

        await using var connection = await ConnectAsync(cancellationToken);
        await using var countCommand = Command(connection, null, $"SELECT COUNT(*) FROM resources r WHERE {where}", [.. parameters]);
        var total = Convert.ToInt32(await countCommand.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);

        parameters.Add(("cursor", query.Cursor));
        parameters.Add(("limit", query.Count + 1));
        await using var command = Command(connection, null,
            $"SELECT r.type, r.id, r.version, r.last_updated, r.seq, r.json FROM resources r WHERE {where} AND r.seq > @cursor ORDER BY r.seq LIMIT @limit",
            [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<StoredResource>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(ReadStored(reader));
        }

        var hasMore = rows.Count > query.Count;
        var page = rows.Take(query.Count).ToList();
        return new SearchPage(page, total, hasMore && page.Count > 0 ? page[^1].Sequence : null);
    }

    private static void AppendFilters(SearchQuery query, StringBuilder where, List<(string, object?)> parameters)
    {
        if (query.Ids.Count > 0)
        {
            where.Append(" AND r.id = ANY(").Append(Add(parameters, "ids", query.Ids.ToArray())).Append(')');
        }

        foreach (var (bound, i) in query.LastUpdated.Select((b, i) => (b, i)))
        {
            where.Append(bound.Comparator == "ge" ? " AND r.last_updated >= " : " AND r.last_updated < ").Append(Add(parameters, $"lu{i}", bound.UnixMs));
        }

        for (var f = 0; f < query.Filters.Count; f++)
        {
            var filter = query.Filters[f];
            var alternatives = filter.Values.Select((v, i) =>
            {
                // A bare id ("*/id") matches any type: compare the "/id" suffix exactly (no LIKE: _ and % would be wildcards).
                var anyType = v.Value.StartsWith("*/", StringComparison.Ordinal);
                var value = Add(parameters, $"f{f}v{i}", anyType ? v.Value[1..] : v.Value);
                var valueTest = anyType ? $"right(s.value, length({value})) = {value}" : $"s.value = {value}";
                return v.AnySystem ? valueTest
                    : v.System is null or "" ? $"({valueTest} AND s.system IS NULL)"
                    : v.Value.Length == 0 ? $"s.system = {Add(parameters, $"f{f}s{i}", v.System)}" // "system|": any code in that system
                    : $"({valueTest} AND s.system = {Add(parameters, $"f{f}s{i}", v.System)})";
            });
            where.Append(" AND EXISTS (SELECT 1 FROM search_index s WHERE s.type = r.type AND s.id = r.id AND s.param = ")
                .Append(Add(parameters, $"f{f}p", filter.Parameter.Name))
                .Append(" AND (").AppendJoin(" OR ", alternatives).Append("))");
        }
    }

    private static string Add(List<(string, object?)> parameters, string name, object value)
    {
        parameters.Add((name, value));
        return "@" + name;
    }

    /// <summary>
    /// Writes each resource whose content changed as a new version; returns those. Writers of the same resource on any
    /// instance queue on a transaction-scoped advisory lock per resource, taken in (type, id) order so two transactions
    /// writing overlapping sets cannot deadlock; the version read after the lock is the latest committed one.
    /// </summary>
    private static async Task<List<Resource>> UpsertAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<SqliteStore.PreparedResource> resources, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await LockResourcesAsync(connection, transaction, resources.Select(r => r.Type + "/" + r.Id), cancellationToken);

        var changed = new List<Resource>();
        var lastUpdated = StoredJson.Instant(now);
        await using var current = Command(connection, transaction, "SELECT version, content_hash FROM resources WHERE type = @t AND id = @i", ("t", ""), ("i", ""));
        await using var upsert = Command(connection, transaction,
            "INSERT INTO resources (type, id, version, last_updated, seq, content_hash, json) VALUES (@t, @i, @v, @u, nextval('resource_seq'), @h, @j) " +
            "ON CONFLICT (type, id) DO UPDATE SET version = excluded.version, last_updated = excluded.last_updated, seq = excluded.seq, " +
            "content_hash = excluded.content_hash, json = excluded.json",
            ("t", ""), ("i", ""), ("v", 0), ("u", Ms(now)), ("h", ""), ("j", ""));
        await using var history = Command(connection, transaction,
            "INSERT INTO resource_history (type, id, version, last_updated, json) VALUES (@t, @i, @v, @u, @j)",
            ("t", ""), ("i", ""), ("v", 0), ("u", Ms(now)), ("j", ""));
        await using var unindex = Command(connection, transaction, "DELETE FROM search_index WHERE type = @t AND id = @i", ("t", ""), ("i", ""));
        await using var index = Command(connection, transaction,
            "INSERT INTO search_index (type, id, param, system, value) SELECT @t, @i, p, s, v FROM unnest(@ps, @ss, @vs) AS x(p, s, v)",
            ("t", ""), ("i", ""), ("ps", Array.Empty<string>()), ("ss", Array.Empty<string?>()), ("vs", Array.Empty<string>()));

        foreach (var (resource, type, id, bare, hash, values) in resources)
        {
            Set(current, ("t", type), ("i", id));
            var version = 0;
            await using (var reader = await current.ExecuteReaderAsync(cancellationToken))
            {
                if (await reader.ReadAsync(cancellationToken))
                {
                    if (reader.GetString(1) == hash)
                    {
                        continue; // the same content again: no new version (idempotent replays)
                    }

                    version = reader.GetInt32(0);
                }
            }

            version++;
            resource.Meta ??= new Meta();
            resource.Meta.VersionId = version.ToString(CultureInfo.InvariantCulture);
            resource.Meta.LastUpdated = now;
            var json = StoredJson.WithVersion(bare, type, id, version, lastUpdated) ?? FhirJson.Serialize(resource);
            Set(upsert, ("t", type), ("i", id), ("v", version), ("h", hash), ("j", json));
            await upsert.ExecuteNonQueryAsync(cancellationToken);
            Set(history, ("t", type), ("i", id), ("v", version), ("j", json));
            await history.ExecuteNonQueryAsync(cancellationToken);
            Set(unindex, ("t", type), ("i", id));
            await unindex.ExecuteNonQueryAsync(cancellationToken);
            if (values.Count > 0)
            {
                Set(index, ("t", type), ("i", id), ("ps", values.Select(v => v.Param).ToArray()), ("ss", values.Select(v => v.System).ToArray()),
                    ("vs", values.Select(v => v.Value).ToArray()));
                await index.ExecuteNonQueryAsync(cancellationToken);
            }

            changed.Add(resource);
        }

        return changed;
    }

    private static StoredResource ReadStored(NpgsqlDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetInt32(2), FromMs(r.GetInt64(3)), r.GetInt64(4), r.GetString(5));
}
