using System.Globalization;
using System.Text;
using BoneMets.Fhir.Audit;
using BoneMets.Fhir.Search;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Store.Postgres;

/// <summary>The audit trail (ADR 0020), as the SQLite store keeps it: append-only events, their search values, swept by age.</summary>
public sealed partial class PostgresStore
{
    public Task AppendAsync(StoredAuditEvent audit, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await using var insert = Command(connection, transaction,
                "INSERT INTO audit_events (id, recorded, json) VALUES (@id, @at, @json) RETURNING seq", ("id", audit.Id), ("at", Ms(audit.Recorded)), ("json", audit.Json));
            var seq = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
            if (audit.Index.Count > 0)
            {
                await ExecuteAsync(connection, transaction,
                    "INSERT INTO audit_index (seq, param, system, value) SELECT @seq, p, s, v FROM unnest(@ps, @ss, @vs) AS x(p, s, v)", cancellationToken,
                    ("seq", seq), ("ps", audit.Index.Select(v => v.Param).ToArray()), ("ss", audit.Index.Select(v => v.System).ToArray()),
                    ("vs", audit.Index.Select(v => v.Value).ToArray()));
            }

            return 0;
        }, cancellationToken);

    public async Task<string?> ReadAuditEventAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT json FROM audit_events WHERE id = @id", ("id", id));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<AuditPage> SearchAuditEventsAsync(AuditSearch search, CancellationToken cancellationToken)
    {
        var where = new StringBuilder("TRUE");
        var parameters = new List<(string, object?)>();
        foreach (var (bound, i) in search.Recorded.Select((b, i) => (b, i)))
        {
            where.Append(bound.Comparator == "ge" ? " AND a.recorded >= " : " AND a.recorded < ").Append(Add(parameters, $"d{i}", bound.UnixMs));
        }

        for (var f = 0; f < search.Filters.Count; f++)
        {
            var filter = search.Filters[f];
            var alternatives = filter.Values.Select((v, i) =>
            {
                var value = $"i.value = {Add(parameters, $"f{f}v{i}", v.Value)}";
                return v.AnySystem ? value
                    : v.System is null or "" ? $"({value} AND i.system IS NULL)"
                    : $"({value} AND i.system = {Add(parameters, $"f{f}s{i}", v.System)})";
            });
            where.Append(" AND EXISTS (SELECT 1 FROM audit_index i WHERE i.seq = a.seq AND i.param = ").Append(Add(parameters, $"f{f}p", filter.Param))
                .Append(" AND (").AppendJoin(" OR ", alternatives).Append("))");
        }

        await using var connection = await ConnectAsync(cancellationToken);
        await using var countCommand = Command(connection, null, $"SELECT COUNT(*) FROM audit_events a WHERE {where}", [.. parameters]);
        var total = Convert.ToInt32(await countCommand.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);

        parameters.Add(("cursor", search.Cursor));
        parameters.Add(("limit", search.Count + 1));
        await using var command = Command(connection, null,
            $"SELECT a.seq, a.json FROM audit_events a WHERE {where} AND a.seq > @cursor ORDER BY a.seq LIMIT @limit", [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<(long Seq, string Json)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetInt64(0), reader.GetString(1)));
        }

        var page = rows.Take(search.Count).ToList();
        return new AuditPage(page.Select(r => r.Json).ToList(), total, rows.Count > search.Count && page.Count > 0 ? page[^1].Seq : null);
    }

    public Task<int> DeleteAuditEventsBeforeAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            const string Oldest = "SELECT seq FROM audit_events WHERE recorded < @cutoff ORDER BY seq LIMIT @limit";
            await ExecuteAsync(connection, transaction, $"DELETE FROM audit_index WHERE seq IN ({Oldest})", cancellationToken, ("cutoff", Ms(cutoff)), ("limit", limit));
            return await ExecuteAsync(connection, transaction, $"DELETE FROM audit_events WHERE seq IN ({Oldest})", cancellationToken, ("cutoff", Ms(cutoff)), ("limit", limit));
        }, cancellationToken);
}
