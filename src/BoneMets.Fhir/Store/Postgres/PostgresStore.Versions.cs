using Npgsql;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Store.Postgres;

/// <summary>The optimistic check of a commit (ADR 0015): the versions it was decided from are still the current ones.</summary>
public sealed partial class PostgresStore
{
    /// <summary>
    /// Takes the per-resource locks of everything the commit reads or writes in one sorted statement (so two commits
    /// cannot deadlock, and no writer slips in between the check and the write), then compares each expected version.
    /// </summary>
    private static async Task CheckVersionsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyDictionary<string, int>? expected,
        IReadOnlyList<SqliteStore.PreparedResource> written, CancellationToken cancellationToken)
    {
        if (expected is not { Count: > 0 })
        {
            return;
        }

        await LockResourcesAsync(connection, transaction, expected.Keys.Concat(written.Select(r => r.Type + "/" + r.Id)), cancellationToken);
        foreach (var (key, version) in expected)
        {
            var parts = key.Split('/');
            await using var command = Command(connection, transaction, "SELECT version FROM resources WHERE type = @t AND id = @i", ("t", parts[0]), ("i", parts[^1]));
            var current = await command.ExecuteScalarAsync(cancellationToken) is int stored ? stored : 0;
            if (current != version)
            {
                throw new StaleRecordException($"{key} is at version {current}, not {version} as read: another commit about this referral landed first.");
            }
        }
    }

    /// <summary>Transaction-scoped advisory locks, one per "Type/id", taken in sorted order (re-taking one already held is immediate).</summary>
    private static async Task LockResourcesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        await using var lockAll = Command(connection, transaction,
            "SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest(@keys) AS k ORDER BY k",
            ("keys", keys.Distinct().Order(StringComparer.Ordinal).ToArray()));
        await lockAll.ExecuteNonQueryAsync(cancellationToken);
    }
}
