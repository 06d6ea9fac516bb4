using Microsoft.Data.Sqlite;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Store;

/// <summary>The optimistic check of a commit (ADR 0015): the versions it was decided from are still the current ones.</summary>
public sealed partial class SqliteStore
{
    private static async Task CheckVersionsAsync(
        SqliteConnection connection, SqliteTransaction transaction, IReadOnlyDictionary<string, int>? expected, CancellationToken cancellationToken)
    {
        foreach (var (key, version) in expected ?? new Dictionary<string, int>())
        {
            var parts = key.Split('/');
            await using var command = Command(connection, transaction, "SELECT version FROM resources WHERE type = $t AND id = $i", ("$t", parts[0]), ("$i", parts[^1]));
            var current = await command.ExecuteScalarAsync(cancellationToken) is long stored ? (int)stored : 0;
            if (current != version)
            {
                throw new StaleRecordException($"{key} is at version {current}, not {version} as read: another commit about this referral landed first.");
            }
        }
    }
}
