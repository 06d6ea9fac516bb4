using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;

namespace BoneMets.Fhir.Service.Coordinator;

/// <summary>How a local sign-in ended.</summary>
public enum SignInResult { Success, Failed, LockedOut }

/// <summary>
/// Local coordinator accounts: name, password hash (ASP.NET Core Identity's PasswordHasher, PBKDF2), the failed
/// sign-ins in a row and a lockout end. Kept in their own SQLite file (coordinators.db) beside the referral store, so
/// that they never travel with the clinical data and the store's schema stays the store's.
/// </summary>
public sealed class CoordinatorAccounts(string dataDirectory, CoordinatorOptions options, TimeProvider clock)
{
    private static readonly PasswordHasher<string> Hasher = new();

    public string DatabasePath => Path.Combine(dataDirectory, "coordinators.db");

    /// <summary>Creates the account, or sets a new password (and unlocks it) when it exists. False when it existed.</summary>
    public async Task<bool> AddAsync(string name, string password, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO coordinators (name, hash, failed, locked_until) VALUES ($name, $hash, 0, NULL)
            ON CONFLICT(name) DO UPDATE SET hash = excluded.hash, failed = 0, locked_until = NULL
            """;
        var existed = await ExistsAsync(connection, name, cancellationToken);
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$hash", Hasher.HashPassword(name, password));
        await command.ExecuteNonQueryAsync(cancellationToken);
        return !existed;
    }

    /// <summary>
    /// Checks a password. A locked account is refused without checking; a wrong password counts a failure and locks the
    /// account at <see cref="CoordinatorOptions.MaxFailedSignIns"/>; a right one resets the count. An unknown name fails
    /// like a wrong password.
    /// </summary>
    public async Task<(SignInResult Result, DateTimeOffset? LockedUntil)> SignInAsync(string name, string password, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken);
        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT hash, failed, locked_until FROM coordinators WHERE name = $name";
        read.Parameters.AddWithValue("$name", name);
        string hash;
        int failed;
        DateTimeOffset? lockedUntil;
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                Hasher.VerifyHashedPassword(name, Hasher.HashPassword(name, "timing"), password); // same work as a real check
                return (SignInResult.Failed, null);
            }

            hash = reader.GetString(0);
            failed = reader.GetInt32(1);
            lockedUntil = reader.IsDBNull(2) ? null : DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture);
        }

        if (lockedUntil > now)
        {
            return (SignInResult.LockedOut, lockedUntil);
        }

        var right = Hasher.VerifyHashedPassword(name, hash, password) != PasswordVerificationResult.Failed;
        failed = right ? 0 : (lockedUntil is null ? failed : 0) + 1; // a lockout that ran out starts a fresh count
        lockedUntil = !right && failed >= options.MaxFailedSignIns ? now + options.LockoutFor : null;
        await using var write = connection.CreateCommand();
        write.CommandText = "UPDATE coordinators SET failed = $failed, locked_until = $until WHERE name = $name";
        write.Parameters.AddWithValue("$failed", failed);
        write.Parameters.AddWithValue("$until", lockedUntil is { } until ? until.ToString("O", CultureInfo.InvariantCulture) : DBNull.Value);
        write.Parameters.AddWithValue("$name", name);
        await write.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return right ? (SignInResult.Success, null) : lockedUntil is null ? (SignInResult.Failed, null) : (SignInResult.LockedOut, lockedUntil);
    }

    private static async Task<bool> ExistsAsync(SqliteConnection connection, string name, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM coordinators WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dataDirectory);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA busy_timeout = 5000;
            CREATE TABLE IF NOT EXISTS coordinators (
                name TEXT PRIMARY KEY NOT NULL,
                hash TEXT NOT NULL,
                failed INTEGER NOT NULL DEFAULT 0,
                locked_until TEXT NULL);
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}
