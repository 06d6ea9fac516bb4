using BoneMets.Fhir.Logging;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace BoneMets.Fhir.Store;

/// <summary>
/// The embedded store: one SQLite file under the data directory, in WAL mode. SQLite allows one writer, so
/// writes in this process queue on a gate and use BEGIN IMMEDIATE; another process (the operator CLI) waits on
/// SQLite's busy timeout. SQLite serves one service instance; several instances need the PostgreSQL store.
/// </summary>
public sealed partial class SqliteStore : IReferralInbox, IResourceStore, IDisposable
{
    private readonly string connectionString;
    private readonly SemaphoreSlim writeGate = new(1, 1);
    private readonly ILogger<SqliteStore> logger;

    public SqliteStore(string dataDirectory, ILogger<SqliteStore> logger)
    {
        Directory.CreateDirectory(dataDirectory);
        DatabasePath = Path.GetFullPath(Path.Combine(dataDirectory, "bonemets.db"));
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

    /// <summary>
    /// Creates the schema; the serving process also returns to the queue the items a previous process left
    /// half-processed (an operator command opening the same file alongside a running service must not).
    /// </summary>
    public async Task OpenAsync(CancellationToken cancellationToken, bool releaseInterrupted = true)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await ExecuteAsync(connection, null, Schema.Create, cancellationToken);
        await ExecuteAsync(connection, null, "PRAGMA synchronous = FULL;", cancellationToken);
        var released = releaseInterrupted
            ? await ExecuteAsync(connection, null, "UPDATE inbox SET status = 'pending' WHERE status = 'processing'; " +
                "UPDATE outbox_deliveries SET status = 'pending' WHERE status = 'processing';", cancellationToken)
            : 0;
        Log.StoreOpened(logger, Schema.Version, released);
    }

    public void Dispose() => writeGate.Dispose();

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
        /// claiming, completing, failing or deferring it. Losing one leaves the item pending or processing, which the next
        /// start returns to the queue, and processing it again writes the same resources (deterministic ids, content-hash
        /// versions: ADR 4 and ADR 10), so one flush per accepted message is enough.
        /// </summary>
        Replayable,
    }

    /// <summary>Runs <paramref name="work"/> in one write transaction (BEGIN IMMEDIATE), committing only if it returns.</summary>
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
            await transaction.CommitAsync(cancellationToken);
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
