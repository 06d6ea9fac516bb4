using System.Security.Cryptography;
using System.Text;
using BoneMets.Fhir.Store.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace BoneMets.Fhir.Tests.Store.Contract;

/// <summary>
/// The PostgreSQL server the contract suite runs on, named by <c>BONEMETS_TEST_POSTGRES</c> (an Npgsql connection string
/// to a role that may create databases; <c>.ci/run</c> starts one with <c>.ci/postgres.sh</c>). Each caller gets a fresh
/// database, dropped on dispose. Without the variable the PostgreSQL cases skip locally and fail on CI (CI=true): CI must
/// never go green without having run them.
/// </summary>
public static class PostgresServer
{
    public const string Variable = "BONEMETS_TEST_POSTGRES";

    /// <summary>The server's connection string; skips the calling test locally, fails it on CI, when none is configured.</summary>
    public static string ConnectionString()
    {
        var configured = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"CI=true but {Variable} is not set: the PostgreSQL store's contract tests must run on CI (.ci/run starts a cluster with .ci/postgres.sh).");
        }

        throw new SkipException(
            $"{Variable} is not set, so the PostgreSQL cases are skipped here. Start a throwaway server with " +
            $"`eval \"$(bash .ci/postgres.sh start)\"` and run the tests again (CI always runs them).");
    }

    /// <summary>A new, empty database on the server, its name unique to this call.</summary>
    public static Task<TestDatabase> CreateDatabaseAsync(CancellationToken cancellationToken = default) => CreateAsync(null, cancellationToken);

    /// <summary>
    /// A new database with the store's schema: a copy of a template migrated once per set of migration scripts (its name
    /// carries their hash), so a test pays for a file copy instead of every script. The store's own migrations then run
    /// on it as at startup, and find nothing to do.
    /// </summary>
    public static async Task<TestDatabase> CreateMigratedAsync(CancellationToken cancellationToken = default) =>
        await CreateAsync(await Template.Value, cancellationToken);

    private static readonly Lazy<Task<string>> Template = new(() => MigratedTemplateAsync(CancellationToken.None));

    private static async Task<TestDatabase> CreateAsync(string? template, CancellationToken cancellationToken)
    {
        var server = ConnectionString();
        var name = "bonemets_test_" + Guid.NewGuid().ToString("N");
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync(cancellationToken);
            // FILE_COPY (PostgreSQL 15+): a checkpoint and a file copy, about twice as fast as logging every block for a small template.
            var strategy = admin.PostgreSqlVersion.Major >= 15 ? " STRATEGY = FILE_COPY" : "";
            await using var create = new NpgsqlCommand(template is null ? $"CREATE DATABASE {name}" : $"CREATE DATABASE {name} TEMPLATE {template}{strategy}", admin);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        return new TestDatabase(server, Database(server, name), name);
    }

    private static async Task<string> MigratedTemplateAsync(CancellationToken cancellationToken)
    {
        var scripts = string.Join("\n", PostgresMigrations.Scripts.Select(s =>
        {
            using var stream = typeof(PostgresMigrations).Assembly.GetManifestResourceStream("Migrations/Postgres/" + s)!;
            return s + new StreamReader(stream).ReadToEnd();
        }));
        var name = "bonemets_template_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(scripts)))[..16];
        var server = ConnectionString();
        await using var admin = new NpgsqlConnection(server);
        await admin.OpenAsync(cancellationToken);
        // Test processes (one per test project) may start together: one builds the template, the others wait for it.
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(4242)", admin))
        {
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            await using var exists = new NpgsqlCommand("SELECT COUNT(*) FROM pg_database WHERE datname = @n", admin);
            exists.Parameters.AddWithValue("n", name);
            if ((long)(await exists.ExecuteScalarAsync(cancellationToken))! == 0)
            {
                var building = name + "_building";
                await using (var create = new NpgsqlCommand($"DROP DATABASE IF EXISTS {building}; CREATE DATABASE {building}", admin))
                {
                    await create.ExecuteNonQueryAsync(cancellationToken);
                }

                await PostgresMigrations.MigrateAsync(Database(server, building), NullLogger.Instance, cancellationToken);
                NpgsqlConnection.ClearAllPools(); // a template is copied only when nobody is connected to it
                await using var rename = new NpgsqlCommand($"ALTER DATABASE {building} RENAME TO {name}", admin);
                await rename.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        finally
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(4242)", admin);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }

        return name;
    }

    private static string Database(string server, string name) => new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
}

/// <summary>One test's database: its connection string, and the drop on dispose (forcing out connections left in pools).</summary>
public sealed class TestDatabase(string serverConnectionString, string connectionString, string name) : IAsyncDisposable
{
    public string ConnectionString { get; } = connectionString;

    public string Name { get; } = name;

    /// <summary>One number from the database, read directly (row counts the store's interfaces do not expose).</summary>
    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(serverConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
