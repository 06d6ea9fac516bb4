using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Search;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Microsoft.Data.Sqlite;

namespace BoneMets.Fhir.Store;

public sealed partial class SqliteStore
{
    public async Task<StoredResource?> ReadAsync(string type, string id, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = Command(connection, null,
            "SELECT type, id, version, last_updated, seq, json FROM resources WHERE type = $t AND id = $i", ("$t", type), ("$i", id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadStored(reader) : null;
    }

    public async Task<StoredResource?> ReadVersionAsync(string type, string id, int version, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = Command(connection, null,
            "SELECT type, id, version, last_updated, 0, json FROM resource_history WHERE type = $t AND id = $i AND version = $v",
            ("$t", type), ("$i", id), ("$v", version));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadStored(reader) : null;
    }

    public Task UpsertAsync(IReadOnlyCollection<Resource> resources, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await UpsertAsync(connection, transaction, resources, now, cancellationToken);
            return 0;
        }, cancellationToken);

    public async Task<SearchPage> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        var where = new StringBuilder("r.type = $type");
        var parameters = new List<(string, object?)> { ("$type", query.ResourceType) };
        AppendFilters(query, where, parameters);

        await using var connection = await ConnectAsync(cancellationToken);
        await using var countCommand = Command(connection, null, $"SELECT COUNT(*) FROM resources r WHERE {where}", [.. parameters]);
        var total = Convert.ToInt32(await countCommand.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);

        parameters.Add(("$cursor", query.Cursor));
        parameters.Add(("$limit", query.Count + 1));
        await using var command = Command(connection, null,
            $"SELECT r.type, r.id, r.version, r.last_updated, r.seq, r.json FROM resources r WHERE {where} AND r.seq > $cursor ORDER BY r.seq LIMIT $limit",
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
            where.Append(" AND r.id IN (").AppendJoin(", ", query.Ids.Select((id, i) => Add(parameters, $"$id{i}", id))).Append(')');
        }

        foreach (var (bound, i) in query.LastUpdated.Select((b, i) => (b, i)))
        {
            where.Append(bound.Comparator == "ge" ? " AND r.last_updated >= " : " AND r.last_updated < ")
                .Append(Add(parameters, $"$lu{i}", bound.UnixMs));
        }

        for (var f = 0; f < query.Filters.Count; f++)
        {
            var filter = query.Filters[f];
            var alternatives = filter.Values.Select((v, i) =>
            {
                // A bare id ("*/id") matches any type: compare the "/id" suffix exactly (LIKE would ignore case and read _ and % as wildcards).
                var anyType = v.Value.StartsWith("*/", StringComparison.Ordinal);
                var value = Add(parameters, $"$f{f}v{i}", anyType ? v.Value[1..] : v.Value);
                var valueTest = anyType ? $"substr(s.value, -length({value})) = {value}" : $"s.value = {value}";
                return v.AnySystem ? valueTest
                    : v.System is null or "" ? $"({valueTest} AND s.system IS NULL)"
                    : v.Value.Length == 0 ? $"s.system = {Add(parameters, $"$f{f}s{i}", v.System)}" // "system|": any code in that system
                    : $"({valueTest} AND s.system = {Add(parameters, $"$f{f}s{i}", v.System)})";
            });
            where.Append(" AND EXISTS (SELECT 1 FROM search_index s WHERE s.type = r.type AND s.id = r.id AND s.param = ")
                .Append(Add(parameters, $"$f{f}p", filter.Parameter.Name))
                .Append(" AND (").AppendJoin(" OR ", alternatives).Append("))");
        }
    }

    private static string Add(List<(string, object?)> parameters, string name, object value)
    {
        parameters.Add((name, value));
        return name;
    }

    /// <summary>Writes each resource whose content changed as a new version; returns those (the outbox delivers only changes).</summary>
    private static async Task<List<Resource>> UpsertAsync(
        SqliteConnection connection, SqliteTransaction transaction, IReadOnlyCollection<Resource> resources, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var changed = new List<Resource>();
        foreach (var resource in resources)
        {
            var type = resource.TypeName;
            var id = resource.Id ?? throw new ArgumentException($"A {type} without an id cannot be stored.", nameof(resources));
            var hash = ContentHash(resource);

            int version = 0;
            await using (var current = Command(connection, transaction,
                "SELECT version, content_hash FROM resources WHERE type = $t AND id = $i", ("$t", type), ("$i", id)))
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
            var json = FhirJson.Serialize(resource);
            await using (var next = Command(connection, transaction, "UPDATE sequence SET value = value + 1 WHERE name = 'resources' RETURNING value"))
            {
                var seq = (long)(await next.ExecuteScalarAsync(cancellationToken))!;
                await ExecuteAsync(connection, transaction,
                    "INSERT INTO resources (type, id, version, last_updated, seq, content_hash, json) VALUES ($t, $i, $v, $u, $s, $h, $j) " +
                    "ON CONFLICT (type, id) DO UPDATE SET version = $v, last_updated = $u, seq = $s, content_hash = $h, json = $j",
                    cancellationToken, ("$t", type), ("$i", id), ("$v", version), ("$u", Ms(now)), ("$s", seq), ("$h", hash), ("$j", json));
            }

            await ExecuteAsync(connection, transaction,
                "INSERT INTO resource_history (type, id, version, last_updated, json) VALUES ($t, $i, $v, $u, $j)",
                cancellationToken, ("$t", type), ("$i", id), ("$v", version), ("$u", Ms(now)), ("$j", json));
            await ExecuteAsync(connection, transaction, "DELETE FROM search_index WHERE type = $t AND id = $i",
                cancellationToken, ("$t", type), ("$i", id));
            foreach (var value in SearchParameters.Extract(resource))
            {
                await ExecuteAsync(connection, transaction,
                    "INSERT INTO search_index (type, id, param, system, value) VALUES ($t, $i, $p, $sy, $v)",
                    cancellationToken, ("$t", type), ("$i", id), ("$p", value.Param), ("$sy", value.System), ("$v", value.Value));
            }

            changed.Add(resource);
        }

        return changed;
    }

    /// <summary>A hash of the content without versionId and lastUpdated, so writing the same content twice is a no-op.</summary>
    private static string ContentHash(Resource resource)
    {
        var copy = (Resource)resource.DeepCopy();
        if (copy.Meta is not null)
        {
            copy.Meta.VersionId = null;
            copy.Meta.LastUpdated = null;
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(FhirJson.Serialize(copy))));
    }

    private static StoredResource ReadStored(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetInt32(2), FromMs(r.GetInt64(3)), r.GetInt64(4), r.GetString(5));
}
