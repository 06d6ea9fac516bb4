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

    public Task UpsertAsync(IReadOnlyCollection<Resource> resources, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var prepared = Prepare(resources);
        return WriteAsync(async (connection, transaction) =>
        {
            await UpsertAsync(connection, transaction, prepared, now, cancellationToken);
            return 0;
        }, cancellationToken);
    }

    public async Task<SearchPage> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        var where = new StringBuilder("r.type = $type");
        var parameters = new List<(string, object?)> { ("$type", query.ResourceType) };
        AppendFilters(query, where, parameters);
        AppendVisibility(query, where, parameters);

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

    private static StoredResource ReadStored(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetInt32(2), FromMs(r.GetInt64(3)), r.GetInt64(4), r.GetString(5));
}
