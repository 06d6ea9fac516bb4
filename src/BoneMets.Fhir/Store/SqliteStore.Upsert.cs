using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Search;
using Hl7.Fhir.Model;
using Microsoft.Data.Sqlite;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Store;

/// <summary>
/// Writing resources as a FHIR server versions them: a new version only when the content changed, its JSON in the
/// current table and the history, its search-index rows replaced. The CPU work (serializing, hashing, extracting
/// index values) is done by <see cref="Prepare"/> before the write gate; inside the transaction each statement is
/// compiled once and reused for every resource (a write-back is about 25 resources and 250 statements).
/// </summary>
public sealed partial class SqliteStore
{
    internal sealed record PreparedResource(Resource Resource, string Type, string Id, string Bare, string Hash, IReadOnlyList<IndexValue> Index);

    internal static List<PreparedResource> Prepare(IReadOnlyCollection<Resource> resources) => resources.Select(resource =>
    {
        var type = resource.TypeName;
        var id = resource.Id ?? throw new ArgumentException($"A {type} without an id cannot be stored.", nameof(resources));
        var bare = StoredJson.Bare(resource);
        return new PreparedResource(resource, type, id, bare, ContentHash(bare), SearchParameters.Extract(resource));
    }).ToList();

    /// <summary>A hash of the content without versionId and lastUpdated (<see cref="StoredJson.Bare"/>), so writing the same content twice is a no-op.</summary>
    private static string ContentHash(string bare) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(bare)));

    /// <summary>Writes each resource whose content changed as a new version; returns those (the outbox delivers only changes).</summary>
    private static async Task<List<Resource>> UpsertAsync(
        SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<PreparedResource> resources, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var changed = new List<Resource>();
        var lastUpdated = StoredJson.Instant(now);
        await using var current = Command(connection, transaction, "SELECT version, content_hash FROM resources WHERE type = $t AND id = $i", ("$t", ""), ("$i", ""));
        await using var next = Command(connection, transaction,
            "INSERT INTO resource_writes (type, id, version) VALUES ($t, $i, $v) RETURNING seq", ("$t", ""), ("$i", ""), ("$v", 0));
        await using var upsert = Command(connection, transaction,
            "INSERT INTO resources (type, id, version, last_updated, seq, content_hash, json) VALUES ($t, $i, $v, $u, $s, $h, $j) " +
            "ON CONFLICT (type, id) DO UPDATE SET version = $v, last_updated = $u, seq = $s, content_hash = $h, json = $j",
            ("$t", ""), ("$i", ""), ("$v", 0), ("$u", Ms(now)), ("$s", 0L), ("$h", ""), ("$j", ""));
        await using var history = Command(connection, transaction,
            "INSERT INTO resource_history (type, id, version, last_updated, json) VALUES ($t, $i, $v, $u, $j)",
            ("$t", ""), ("$i", ""), ("$v", 0), ("$u", Ms(now)), ("$j", ""));
        await using var unindex = Command(connection, transaction, "DELETE FROM search_index WHERE type = $t AND id = $i", ("$t", ""), ("$i", ""));
        await using var index = Command(connection, transaction,
            "INSERT INTO search_index (type, id, param, system, value) VALUES ($t, $i, $p, $sy, $v)", ("$t", ""), ("$i", ""), ("$p", ""), ("$sy", null), ("$v", ""));

        foreach (var (resource, type, id, bare, hash, values) in resources)
        {
            Set(current, ("$t", type), ("$i", id));
            int version = 0;
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
            Set(next, ("$t", type), ("$i", id), ("$v", version));
            var seq = (long)(await next.ExecuteScalarAsync(cancellationToken))!;
            Set(upsert, ("$t", type), ("$i", id), ("$v", version), ("$s", seq), ("$h", hash), ("$j", json));
            await upsert.ExecuteNonQueryAsync(cancellationToken);
            Set(history, ("$t", type), ("$i", id), ("$v", version), ("$j", json));
            await history.ExecuteNonQueryAsync(cancellationToken);
            Set(unindex, ("$t", type), ("$i", id));
            await unindex.ExecuteNonQueryAsync(cancellationToken);
            foreach (var value in values)
            {
                Set(index, ("$t", type), ("$i", id), ("$p", value.Param), ("$sy", value.System), ("$v", value.Value));
                await index.ExecuteNonQueryAsync(cancellationToken);
            }

            changed.Add(resource);
        }

        return changed;
    }

    private static void Set(SqliteCommand command, params (string Name, object? Value)[] values)
    {
        foreach (var (name, value) in values)
        {
            command.Parameters[name].Value = value ?? DBNull.Value;
        }
    }
}
