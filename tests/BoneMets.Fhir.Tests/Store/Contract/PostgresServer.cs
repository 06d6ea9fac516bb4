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
    public static async Task<TestDatabase> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var server = new NpgsqlConnectionStringBuilder(ConnectionString());
        var name = "bonemets_test_" + Guid.NewGuid().ToString("N");
        await using (var admin = new NpgsqlConnection(server.ConnectionString))
        {
            await admin.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        return new TestDatabase(server.ConnectionString, new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name }.ConnectionString, name);
    }
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
