using BoneMets.Fhir.Logging;
using Microsoft.Data.Sqlite;
using BoneMets.Fhir.Options;
using Microsoft.Extensions.Logging;

namespace BoneMets.Fhir.Store;

/// <summary>
/// The embedded store: one SQLite file under the data directory, in WAL mode. SQLite allows one writer, so
/// writes in this process queue on a gate and use BEGIN IMMEDIATE; another process (a second instance, or the
/// operator CLI) waits on SQLite's busy timeout. Work is shared between instances by leases (ADR 0015): correctness
/// does not depend on being alone, and nothing is reset at startup.
/// </summary>
public sealed partial class SqliteStore : IReferralInbox, IResourceStore, IDisposable
{
    private readonly string connectionString;
    private readonly SemaphoreSlim writeGate = new(1, 1);
    private readonly ILogger<SqliteStore> logger;
    private readonly StoreOptions options;

    public SqliteStore(string dataDirectory, ILogger<SqliteStore> logger)
        : this(new StoreOptions { DataDirectory = dataDirectory }, logger)
    {
    }

    public SqliteStore(StoreOptions options, ILogger<SqliteStore> logger)
    {
        this.options = options;
        Directory.CreateDirectory(options.DataDirectory);
        DatabasePath = Path.GetFullPath(Path.Combine(options.DataDirectory, "bonemets.db"));
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        this.logger = logger;
    }

    public string DatabasePath { get; }

    /// <summary>This instance's name in the leases it takes (<see cref="StoreOptions.InstanceId"/>).</summary>
    public string InstanceId => options.InstanceId;

    /// <summary>
    /// Creates the schema, or brings an older file's up to date. Nothing else: work a stopped or crashed instance
    /// held stays leased to it until its lease runs out, and then any instance takes it over (ADR 0015).
    /// </summary>
    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await ExecuteAsync(connection, null, Schema.Create, cancellationToken);
        await ExecuteAsync(connection, null, "PRAGMA synchronous = FULL;", cancellationToken);
        foreach (var (table, column, definition, then) in Schema.Added)
        {
            await using var has = Command(connection, null, "SELECT COUNT(*) FROM pragma_table_info($t) WHERE name = $c", ("$t", table), ("$c", column));
            if ((long)(await has.ExecuteScalarAsync(cancellationToken))! == 0)
            {
                await ExecuteAsync(connection, null, $"ALTER TABLE {table} ADD COLUMN {column} {definition}; {then}", cancellationToken);
            }
        }

        Log.StoreOpened(logger, Schema.Version, options.InstanceId);
    }

    /// <summary>When a lease taken or renewed at <paramref name="now"/> runs out (saturating: a claim "at the end of time" never overflows).</summary>
    private long LeaseUntil(DateTimeOffset now) =>
        now > DateTimeOffset.MaxValue - options.LeaseDuration ? Ms(DateTimeOffset.MaxValue) : Ms(now + options.LeaseDuration);

    public void Dispose()
    {
        writeGate.Dispose();
        groupGate.Dispose();
    }

    private async Task<SqliteConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, "PRAGMA busy_timeout = 30000; PRAGMA foreign_keys = ON;", cancellationToken);
        return connection;
    }

    /// <summary>
    /// How far a write transaction must have reached the disk before it returns. Either way it is atomic and survives
    /// the process crashing (WAL); they differ only on a power cut or an OS crash.
    /// </summary>
    private enum Durability
    {
        /// <summary>synchronous = FULL: on disk before returning. Accepting a message (the sender was told "ok"), operator and later changes.</summary>
        Flushed,

        /// <summary>
        /// synchronous = NORMAL: may be lost to a power cut, never torn. Only for the processing of an accepted message:
        /// claiming, renewing, completing, failing or deferring it. Losing one leaves the item pending or leased, which an
        /// instance claims again once the lease runs out, and processing it again writes the same resources (deterministic
        /// ids, content-hash versions: ADR 4 and ADR 10), so one flush per accepted message is enough.
        /// </summary>
        Replayable,
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction (BEGIN IMMEDIATE), committing only if it returns and did not
    /// roll the transaction back itself (an insert that lost a race undoes what it wrote and returns the winner).
    /// </summary>
    private async Task<T> WriteAsync<T>(
        Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken, Durability durability = Durability.Flushed)
    {
        await writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await ConnectAsync(cancellationToken);
            await ExecuteAsync(connection, null, durability == Durability.Flushed ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = NORMAL;", cancellationToken);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            var result = await work(connection, transaction);
            if (transaction.Connection is not null)
            {
                await transaction.CommitAsync(cancellationToken);
            }

            return result;
        }
        finally
        {
            writeGate.Release();
        }
    }

    private static async Task<int> ExecuteAsync(
        SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
