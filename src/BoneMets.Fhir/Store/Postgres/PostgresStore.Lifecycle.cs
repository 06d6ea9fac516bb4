using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Store.Postgres;

/// <summary>Once-only records (cancellations, markers, assertion ids) as inserts that lose quietly to an earlier one.</summary>
public sealed partial class PostgresStore
{
    public async Task<bool> RecordCancellationAsync(string referralKey, DateTimeOffset requestedAt, DateTimeOffset statusTime, CancellationToken cancellationToken) =>
        await WriteAsync((connection, transaction) => ExecuteAsync(connection, transaction,
            "INSERT INTO lifecycle_cancellation (referral_key, requested_at, status_time) VALUES (@k, @r, @s) ON CONFLICT DO NOTHING",
            cancellationToken, ("k", referralKey), ("r", Ms(requestedAt)), ("s", Ms(statusTime))), cancellationToken) == 1;

    public async Task<DateTimeOffset?> CancelledAtAsync(string referralKey, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT requested_at FROM lifecycle_cancellation WHERE referral_key = @k", ("k", referralKey));
        return await command.ExecuteScalarAsync(cancellationToken) is long ms ? FromMs(ms) : null;
    }

    public async Task<bool> MarkAsync(string referralKey, string kind, DateTimeOffset at, CancellationToken cancellationToken) =>
        await WriteAsync((connection, transaction) => ExecuteAsync(connection, transaction,
            "INSERT INTO lifecycle_marker (referral_key, kind, marked_at) VALUES (@k, @n, @t) ON CONFLICT DO NOTHING",
            cancellationToken, ("k", referralKey), ("n", kind), ("t", Ms(at))), cancellationToken) == 1;

    public async Task<bool> IsMarkedAsync(string referralKey, string kind, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = Command(connection, null,
            "SELECT 1 FROM lifecycle_marker WHERE referral_key = @k AND kind = @n", ("k", referralKey), ("n", kind));
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>Writes the change and, in the same transaction, queues the delivery of what actually changed (ADR 0011).</summary>
    public Task CommitChangeAsync(ReferralChange change, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var prepared = SqliteStore.Prepare(change.Resources);
        return WriteAsync(async (connection, transaction) =>
        {
            await CheckVersionsAsync(connection, transaction, change.Expected, prepared, cancellationToken);
            var changed = await UpsertAsync(connection, transaction, prepared, now, cancellationToken);
            await RecordOwnersAsync(connection, transaction, change.ReferralKey, change.ReferralKey, prepared, cancellationToken);
            await QueueDeliveriesAsync(connection, transaction, change.ReferralKey, change.Reason, changed, now, cancellationToken);
            return 0;
        }, cancellationToken);
    }

    public Task<bool> TryRecordAsync(string clientId, string jti, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            // Expired entries can go: an expired assertion is refused on its exp before the cache is asked.
            await ExecuteAsync(connection, transaction, "DELETE FROM assertion_jti WHERE expires_at < @now", cancellationToken, ("now", Ms(now)));
            return await ExecuteAsync(connection, transaction,
                "INSERT INTO assertion_jti (client_id, jti, expires_at) VALUES (@c, @j, @e) ON CONFLICT DO NOTHING", cancellationToken,
                ("c", clientId), ("j", jti), ("e", Ms(expiresAt))) == 1;
        }, cancellationToken);
}
