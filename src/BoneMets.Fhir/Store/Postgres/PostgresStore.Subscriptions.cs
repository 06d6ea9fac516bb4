using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Store.Postgres;

public sealed partial class PostgresStore
{
    public Task<long> SaveNotificationAsync(string partnerId, string body, DateTimeOffset receivedAt, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await using var insert = Command(connection, transaction,
                "INSERT INTO subscription_notifications (partner_id, body, received_at, status) VALUES (@p, @b, @t, 'pending') RETURNING seq",
                ("p", partnerId), ("b", body), ("t", Ms(receivedAt)));
            return (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
        }, cancellationToken);

    public async Task<IReadOnlyList<StoredNotification>> PendingNotificationsAsync(int max, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = Command(connection, null,
            "SELECT seq, partner_id, body, received_at FROM subscription_notifications WHERE status IN ('pending', 'processing') ORDER BY seq LIMIT @n", ("n", max));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var pending = new List<StoredNotification>();
        while (await reader.ReadAsync(cancellationToken))
        {
            pending.Add(new StoredNotification(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), FromMs(reader.GetInt64(3))));
        }

        return pending;
    }

    /// <summary>One partner's oldest notification not held under a live lease, one at a time and in order (SKIP LOCKED for concurrent claimers).</summary>
    public Task<StoredNotification?> ClaimNextNotificationAsync(string partnerId, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await using var command = Command(connection, transaction,
                "UPDATE subscription_notifications SET status = 'processing', claims = claims + 1, claimed_by = @me, lease_until = @until " +
                "WHERE seq = (SELECT n.seq FROM subscription_notifications n WHERE n.partner_id = @p " +
                "AND (n.status = 'pending' OR (n.status = 'processing' AND n.lease_until <= @now)) AND NOT EXISTS " +
                "(SELECT 1 FROM subscription_notifications e WHERE e.partner_id = n.partner_id AND e.seq < n.seq AND e.status = 'processing' AND e.lease_until > @now) " +
                "ORDER BY n.seq LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING seq, partner_id, body, received_at, claims, lease_until",
                ("me", InstanceId), ("p", partnerId), ("now", Ms(now)), ("until", LeaseUntil(now)));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken)
                ? new StoredNotification(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), FromMs(reader.GetInt64(3)))
                {
                    Lease = new StoreLease(InstanceId, reader.GetInt64(4), FromMs(reader.GetInt64(5))),
                }
                : null;
        }, cancellationToken);

    public Task<StoreLease?> RenewNotificationAsync(StoredNotification notification, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var lease = SqliteStore.LeaseOf(notification);
        return WriteAsync(async (connection, transaction) =>
            await ExecuteAsync(connection, transaction, $"UPDATE subscription_notifications SET lease_until = @until WHERE seq = @s AND {HeldBy}", cancellationToken,
                ("until", LeaseUntil(now)), ("s", notification.Sequence), ("me", lease.Owner), ("token", lease.Token)) == 1
                ? lease with { Until = FromMs(LeaseUntil(now)) }
                : null, cancellationToken);
    }

    public Task MarkNotificationDoneAsync(StoredNotification notification, string? problem, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var lease = SqliteStore.LeaseOf(notification);
        return WriteAsync(async (connection, transaction) => await ExecuteAsync(connection, transaction,
            $"UPDATE subscription_notifications SET status = @st, problem = @e, processed_at = @t, lease_until = NULL WHERE seq = @q AND {HeldBy}",
            cancellationToken, ("st", problem is null ? "done" : "unreadable"), ("e", problem), ("t", Ms(now)), ("q", notification.Sequence),
            ("me", lease.Owner), ("token", lease.Token)) == 1 ? 0 : throw SqliteStore.LeaseLost("Notification", notification.Sequence), cancellationToken);
    }

    public Task ReleaseNotificationAsync(StoredNotification notification, CancellationToken cancellationToken)
    {
        var lease = SqliteStore.LeaseOf(notification);
        return WriteAsync(async (connection, transaction) => await ExecuteAsync(connection, transaction,
            $"UPDATE subscription_notifications SET status = 'pending', lease_until = NULL WHERE seq = @q AND {HeldBy}",
            cancellationToken, ("q", notification.Sequence), ("me", lease.Owner), ("token", lease.Token)) == 1
            ? 0 : throw SqliteStore.LeaseLost("Notification", notification.Sequence), cancellationToken);
    }

    public async Task<SubscriptionState> StateAsync(string partnerId, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = Command(connection, null,
            "SELECT subscription_id, highest_event, last_contact, safe_point FROM subscription_state WHERE partner_id = @p", ("p", partnerId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new SubscriptionState(partnerId, TextOrNull(reader, 0), reader.GetInt64(1), TimeOrNull(reader, 2), TimeOrNull(reader, 3))
            : SubscriptionState.New(partnerId);
    }

    public Task SaveStateAsync(SubscriptionState state, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => ExecuteAsync(connection, transaction,
            "INSERT INTO subscription_state (partner_id, subscription_id, highest_event, last_contact, safe_point) VALUES (@p, @s, @h, @c, @sp) " +
            "ON CONFLICT (partner_id) DO UPDATE SET subscription_id = excluded.subscription_id, highest_event = excluded.highest_event, " +
            "last_contact = excluded.last_contact, safe_point = excluded.safe_point",
            cancellationToken, ("p", state.PartnerId), ("s", state.SubscriptionId), ("h", state.HighestEvent),
            ("c", Ms(state.LastContact)), ("sp", Ms(state.SafePoint))), cancellationToken);

    public async Task<EventCounter?> CounterAsync(string partnerId, string subscriptionId, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = Command(connection, null,
            "SELECT highest_event, advanced_at FROM subscription_events WHERE partner_id = @p AND subscription_id = @s", ("p", partnerId), ("s", subscriptionId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new EventCounter(partnerId, subscriptionId, reader.GetInt64(0), FromMs(reader.GetInt64(1))) : null;
    }

    public Task SaveCounterAsync(EventCounter counter, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => ExecuteAsync(connection, transaction,
            "INSERT INTO subscription_events (partner_id, subscription_id, highest_event, advanced_at) VALUES (@p, @s, @h, @a) " +
            "ON CONFLICT (partner_id, subscription_id) DO UPDATE SET highest_event = excluded.highest_event, advanced_at = excluded.advanced_at",
            cancellationToken, ("p", counter.PartnerId), ("s", counter.SubscriptionId), ("h", counter.HighestEvent), ("a", Ms(counter.AdvancedAt))), cancellationToken);

    public async Task<ProcessedVersion?> ProcessedVersionAsync(string referralKey, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = Command(connection, null,
            "SELECT version, last_updated FROM subscription_referral_versions WHERE referral_key = @k", ("k", referralKey));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new ProcessedVersion(referralKey, reader.GetString(0), TimeOrNull(reader, 1)) : null;
    }

    public Task RecordProcessedAsync(ProcessedVersion version, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => ExecuteAsync(connection, transaction,
            "INSERT INTO subscription_referral_versions (referral_key, version, last_updated, processed_at) VALUES (@k, @v, @u, @t) " +
            "ON CONFLICT (referral_key) DO UPDATE SET version = excluded.version, last_updated = excluded.last_updated, processed_at = excluded.processed_at",
            cancellationToken, ("k", version.ReferralKey), ("v", version.Version), ("u", Ms(version.LastUpdated)), ("t", Ms(now))), cancellationToken);
}
