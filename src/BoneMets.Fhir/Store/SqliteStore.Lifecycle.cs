namespace BoneMets.Fhir.Store;

public sealed partial class SqliteStore : ILifecycleStore
{
    public async Task<bool> RecordCancellationAsync(string referralKey, DateTimeOffset requestedAt, DateTimeOffset statusTime, CancellationToken cancellationToken) =>
        await WriteAsync((connection, transaction) => ExecuteAsync(connection, transaction,
            "INSERT OR IGNORE INTO lifecycle_cancellation (referral_key, requested_at, status_time) VALUES ($k, $r, $s)",
            cancellationToken, ("$k", referralKey), ("$r", Ms(requestedAt)), ("$s", Ms(statusTime))), cancellationToken) == 1;

    public async Task<DateTimeOffset?> CancelledAtAsync(string referralKey, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = Command(connection, null,
            "SELECT requested_at FROM lifecycle_cancellation WHERE referral_key = $k", ("$k", referralKey));
        return await command.ExecuteScalarAsync(cancellationToken) is long ms ? FromMs(ms) : null;
    }

    public async Task<bool> MarkAsync(string referralKey, string kind, DateTimeOffset at, CancellationToken cancellationToken) =>
        await WriteAsync((connection, transaction) => ExecuteAsync(connection, transaction,
            "INSERT OR IGNORE INTO lifecycle_marker (referral_key, kind, marked_at) VALUES ($k, $n, $t)",
            cancellationToken, ("$k", referralKey), ("$n", kind), ("$t", Ms(at))), cancellationToken) == 1;

    public async Task<bool> IsMarkedAsync(string referralKey, string kind, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = Command(connection, null,
            "SELECT 1 FROM lifecycle_marker WHERE referral_key = $k AND kind = $n", ("$k", referralKey), ("$n", kind));
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }
}
