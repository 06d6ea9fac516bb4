using BoneMets.Fhir.Logging;
using DbUp;
using DbUp.Engine;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace BoneMets.Fhir.Store.Migrations;

/// <summary>What a migration run did: the scripts applied now (in order), and every script the database has.</summary>
public sealed record MigrationResult(IReadOnlyList<string> Applied, IReadOnlyList<string> Executed);

/// <summary>What the database has and lacks, without changing it.</summary>
public sealed record MigrationStatus(IReadOnlyList<string> Executed, IReadOnlyList<string> Pending);

/// <summary>A migration script failed: the database stays at the last script that succeeded (each runs in its own transaction).</summary>
public sealed class StoreMigrationException(string script, Exception inner)
    : Exception($"Migration {script} failed and was rolled back: {inner.Message}", inner)
{
    public string Script { get; } = script;
}

/// <summary>
/// The PostgreSQL schema as versioned scripts (Store/Migrations/Postgres/NNNN_name.sql, embedded), applied in name order
/// by DbUp and journaled in <c>schema_versions</c> (ADR 0019). Applied at startup and by <c>bonemets db migrate</c> under
/// one session-level advisory lock, so instances starting together migrate once and the others wait, then find nothing
/// to do. A script is never edited once released: a change is a new script.
/// </summary>
public static class PostgresMigrations
{
    /// <summary>The advisory lock key the migrations take ("BoneMets" in ASCII).</summary>
    public const long LockKey = 0x426F6E654D657473;

    public const string Journal = "schema_versions";

    private const string Prefix = "Migrations/Postgres/";

    /// <summary>The scripts this build carries, in the order they apply.</summary>
    public static IReadOnlyList<string> Scripts { get; } = typeof(PostgresMigrations).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Select(Name).Order(StringComparer.Ordinal).ToList();

    public static async Task<MigrationResult> MigrateAsync(string connectionString, ILogger logger, CancellationToken cancellationToken)
    {
        await using var held = new NpgsqlConnection(connectionString);
        await held.OpenAsync(cancellationToken);
        await AdvisoryAsync(held, "SELECT pg_advisory_lock(@k)", cancellationToken);
        try
        {
            var engine = Engine(connectionString);
            var pending = engine.GetScriptsToExecute().Select(s => Name(s.Name)).ToList();
            if (pending.Count > 0)
            {
                // DbUp is synchronous; off the caller's thread so a host's startup does not block a pool thread's caller.
                var result = await Task.Run(engine.PerformUpgrade, cancellationToken);
                if (!result.Successful)
                {
                    throw new StoreMigrationException(Name(result.ErrorScript?.Name ?? "?"), result.Error);
                }
            }

            var executed = engine.GetExecutedScripts().Select(Name).ToList();
            if (pending.Count > 0)
            {
                Log.MigrationsApplied(logger, pending.Count, executed[^1]);
            }
            else
            {
                Log.MigrationsUpToDate(logger, executed.LastOrDefault() ?? "(none)");
            }

            return new MigrationResult(pending, executed);
        }
        finally
        {
            await AdvisoryAsync(held, "SELECT pg_advisory_unlock(@k)", CancellationToken.None);
        }
    }

    public static Task<MigrationStatus> StatusAsync(string connectionString, CancellationToken cancellationToken) =>
        Task.Run(() =>
        {
            var engine = Engine(connectionString);
            return new MigrationStatus(
                engine.GetExecutedScripts().Select(Name).ToList(), engine.GetScriptsToExecute().Select(s => Name(s.Name)).ToList());
        }, cancellationToken);

    private static UpgradeEngine Engine(string connectionString) => DeployChanges.To
        .PostgresqlDatabase(connectionString)
        .WithScriptsEmbeddedInAssembly(typeof(PostgresMigrations).Assembly, n => n.StartsWith(Prefix, StringComparison.Ordinal))
        .JournalToPostgresqlTable("public", Journal)
        .WithTransactionPerScript()
        .LogToNowhere() // the outcome is logged by MigrateAsync; DbUp's own lines would carry SQL text
        .Build();

    private static string Name(string resource) => resource.StartsWith(Prefix, StringComparison.Ordinal) ? resource[Prefix.Length..] : resource;

    private static async Task AdvisoryAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("k", LockKey);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
