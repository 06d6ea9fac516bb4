using BoneMets.Fhir.Logging;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Store.Migrations;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace BoneMets.Fhir.Store.Postgres;

/// <summary>
/// The store several instances share (ADR 0019): one PostgreSQL database, the same tables and the same contract as the
/// SQLite store. Work is claimed with <c>FOR UPDATE SKIP LOCKED</c> under a lease, so two instances never take the same
/// row and a dead instance's row is taken over once its lease runs out; reliable-messaging dedupe is one
/// <c>INSERT … ON CONFLICT DO NOTHING</c>; writers of one resource queue on a transaction-scoped advisory lock. Every
/// write is one READ COMMITTED transaction; there is no in-process gate.
/// </summary>
public sealed partial class PostgresStore : IDurableStore
{
    private readonly NpgsqlDataSource dataSource;
    private readonly string connectionString;
    private readonly ILogger<PostgresStore> logger;
    private readonly StoreOptions options;

    /// <param name="options">ConnectionString (required), and the lease every claim takes (LeaseDuration, InstanceId).</param>
    public PostgresStore(StoreOptions options, ILogger<PostgresStore> logger)
    {
        this.options = options;
        connectionString = options.ConnectionString ?? throw new ArgumentException("The PostgreSQL store needs Store:ConnectionString.", nameof(options));
        dataSource = NpgsqlDataSource.Create(connectionString);
        this.logger = logger;
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Location = $"PostgreSQL database {builder.Database ?? builder.Username} on {builder.Host}:{builder.Port}";
    }

    public string Location { get; }

    /// <summary>This instance's name in the claims it takes (<see cref="StoreOptions.InstanceId"/>).</summary>
    public string InstanceId => options.InstanceId;

    /// <summary>Applies the migrations this build carries (under their advisory lock); nothing is reset.</summary>
    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        await PostgresMigrations.MigrateAsync(connectionString, logger, cancellationToken);
        Log.PostgresStoreOpened(logger, Location);
    }

    public void Dispose() => dataSource.Dispose();

    /// <summary>When a claim taken now runs out; "never" for a clock at the end of time (an operator's "claim anything due").</summary>
    private long LeaseUntil(DateTimeOffset now) =>
        now > DateTimeOffset.MaxValue - options.LeaseDuration ? Ms(DateTimeOffset.MaxValue) : Ms(now + options.LeaseDuration);

    private ValueTask<NpgsqlConnection> ConnectAsync(CancellationToken cancellationToken) => dataSource.OpenConnectionAsync(cancellationToken);

    /// <summary>Runs <paramref name="work"/> in one transaction, committed only if it returns (work that lost a race rolls back to a savepoint).</summary>
    private async Task<T> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private static async Task<int> ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(Parameter(name, value));
        }

        return command;
    }

    private static NpgsqlParameter Parameter(string name, object? value) => value switch
    {
        null => new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = DBNull.Value },
        Typed typed => new NpgsqlParameter(name, typed.Type) { Value = typed.Value ?? DBNull.Value },
        _ => new NpgsqlParameter(name, value),
    };

    private static void Set(NpgsqlCommand command, params (string Name, object? Value)[] values)
    {
        foreach (var (name, value) in values)
        {
            command.Parameters[name].Value = value switch { null => DBNull.Value, Typed typed => typed.Value ?? DBNull.Value, _ => value };
        }
    }

    /// <summary>A parameter whose type PostgreSQL cannot infer from a null (a nullable time, say).</summary>
    private sealed record Typed(NpgsqlDbType Type, object? Value);

    private static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private static Typed Ms(DateTimeOffset? time) => new(NpgsqlDbType.Bigint, time is { } t ? Ms(t) : null);

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static DateTimeOffset? TimeOrNull(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : FromMs(reader.GetInt64(ordinal));

    private static string? TextOrNull(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
