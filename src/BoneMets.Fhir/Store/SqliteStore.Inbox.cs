using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Microsoft.Data.Sqlite;

namespace BoneMets.Fhir.Store;

public sealed partial class SqliteStore
{
    private const string InboxColumns =
        "seq, bundle_id, header_id, referral_key, message_json, status, attempts, last_error, correlation_id, received_at";

    /// <summary>
    /// One atomic insert-or-get (<see cref="IReferralInbox.AcceptAsync"/>), committed with whatever other acceptances are
    /// queued at the time (<see cref="CommitGroupAsync"/>, group commit: one transaction and one fsync for all of them).
    /// Within the group each message has its own savepoint: the item, then its cache entry with <c>ON CONFLICT DO
    /// NOTHING</c> on the three unique keys. Inserted: the rest follows. Not inserted: another copy won (perhaps earlier
    /// in the same group), so this message's writes are rolled back to its savepoint and the winner read back and
    /// classified. No select-then-insert, so correctness does not rest on the write gate or on SQLite's single writer.
    /// </summary>
    public async Task<AcceptResult> AcceptAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        var queued = new QueuedAcceptance(message);
        queuedAcceptances.Enqueue(queued);
        // Not cancellable: once queued, the message is committed by whoever holds the gate; the caller may stop waiting below.
        await groupGate.WaitAsync(CancellationToken.None);
        try
        {
            while (!queued.Answer.Task.IsCompleted)
            {
                await CommitGroupAsync(TakeGroup());
            }
        }
        finally
        {
            groupGate.Release();
        }

        return await queued.Answer.Task.WaitAsync(cancellationToken);
    }

    /// <summary>One message's writes in the group's transaction, under its own savepoint; null when the winner it lost to vanished.</summary>
    private static async Task<AcceptResult?> AcceptInGroupAsync(
        SqliteConnection connection, SqliteTransaction transaction, InboundMessage message, CancellationToken cancellationToken)
    {
        await transaction.SaveAsync(AcceptSavepoint, cancellationToken);
        if (!await ClaimReferralAsync(connection, transaction, message.ReferralKey, message.PartnerId, cancellationToken))
        {
            await UndoAsync(transaction, cancellationToken);
            return new AcceptResult.Conflict(
                "The referral's ServiceRequest identifier is another sender's referral; a referral keeps the sender that first sent it.");
        }

        await using var insert = Command(connection, transaction,
            "INSERT INTO inbox (bundle_id, header_id, referral_key, request_id, correlation_id, message_json, received_at, status, next_attempt) " +
            "VALUES ($b, $h, $k, $r, $c, $m, $t, 'pending', $t) RETURNING seq",
            ("$b", message.BundleId), ("$h", message.HeaderId), ("$k", message.ReferralKey), ("$r", message.RequestId),
            ("$c", message.CorrelationId), ("$m", message.MessageJson), ("$t", Ms(message.ReceivedAt)));
        var seq = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
        var cached = await ExecuteAsync(connection, transaction,
            "INSERT INTO message_cache (bundle_id, header_id, request_id, inbox_seq, response_json, cache_until) VALUES ($b, $h, $r, $s, $j, $u) " +
            "ON CONFLICT DO NOTHING",
            cancellationToken, ("$b", message.BundleId), ("$h", message.HeaderId), ("$r", message.RequestId), ("$s", seq),
            ("$j", message.ResponseJson), ("$u", Ms(message.CacheUntil)));
        if (cached == 0)
        {
            await UndoAsync(transaction, cancellationToken);
            return await KnownAsync(connection, transaction, message, cancellationToken);
        }

        if (message.ContentHash is { } contentHash)
        {
            await ExecuteAsync(connection, transaction,
                "INSERT INTO message_content (bundle_id, content_hash) VALUES ($b, $h) ON CONFLICT (bundle_id) DO UPDATE SET content_hash = $h",
                cancellationToken, ("$b", message.BundleId), ("$h", contentHash));
        }

        await RecordRouteAsync(connection, transaction, message, cancellationToken);
        if (message.Warnings is { } warnings)
        {
            await ExecuteAsync(connection, transaction, "INSERT INTO inbox_warnings (seq, warnings_json) VALUES ($s, $w)",
                cancellationToken, ("$s", seq), ("$w", System.Text.Json.JsonSerializer.Serialize(warnings)));
        }

        await transaction.ReleaseAsync(AcceptSavepoint, cancellationToken);
        return new AcceptResult.Accepted(seq);
    }

    /// <summary>This message's writes undone; the group's other messages keep theirs.</summary>
    private static async Task UndoAsync(SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        await transaction.RollbackAsync(AcceptSavepoint, cancellationToken);
        await transaction.ReleaseAsync(AcceptSavepoint, cancellationToken);
    }

    /// <summary>The cache entry that won against <paramref name="message"/>, classified; null when none is there (any more).</summary>
    private static async Task<AcceptResult?> KnownAsync(
        SqliteConnection connection, SqliteTransaction transaction, InboundMessage message, CancellationToken cancellationToken)
    {
        await using var lookup = Command(connection, transaction,
            "SELECT c.bundle_id, c.header_id, c.request_id, c.response_json, c.inbox_seq, m.content_hash " +
            "FROM message_cache c LEFT JOIN message_content m ON m.bundle_id = c.bundle_id " +
            "WHERE c.bundle_id = $b OR c.header_id = $h OR ($r IS NOT NULL AND c.request_id = $r)",
            ("$b", message.BundleId), ("$h", message.HeaderId), ("$r", message.RequestId));
        await using var reader = await lookup.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (Classify(message, reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.GetString(3), reader.GetInt64(4)) is { } known)
            {
                return SameContent(known, reader.IsDBNull(5) ? null : reader.GetString(5), message.ContentHash);
            }
        }

        return null;
    }

    /// <summary>R4 reliable messaging: which of the four cases a message is, given one cached row it shares an id with.</summary>
    internal static AcceptResult? Classify(InboundMessage message, string bundleId, string headerId, string? requestId, string response, long seq)
    {
        bool sameBundle = bundleId == message.BundleId, sameHeader = headerId == message.HeaderId;
        if (sameBundle && sameHeader)
        {
            return new AcceptResult.Replay(response, seq);
        }

        if (sameHeader)
        {
            return new AcceptResult.Conflict(
                "MessageHeader.id was already received in another Bundle; a resend keeps its Bundle.id, and the original message was accepted.");
        }

        if (sameBundle)
        {
            return new AcceptResult.Conflict("Bundle.id was already used by a message with another MessageHeader.id; each message needs its own Bundle.id.");
        }

        return requestId is not null && requestId == message.RequestId
            ? new AcceptResult.Conflict("X-Request-ID was already used for a different message; use a new X-Request-ID for each message.")
            : null;
    }

    public async Task<InboxItem?> ClaimNextAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        await WriteAsync(async (connection, transaction) =>
        {
            await using var command = Command(connection, transaction,
                "UPDATE inbox SET status = 'processing', attempts = attempts + 1, claims = claims + 1, claimed_by = $me, lease_until = $until WHERE seq = " +
                "(SELECT seq FROM inbox WHERE (status = 'pending' AND next_attempt <= $now) OR (status = 'processing' AND lease_until <= $now) " +
                $"ORDER BY seq LIMIT 1) RETURNING {InboxColumns}, claims, lease_until",
                ("$me", InstanceId), ("$now", Ms(now)), ("$until", LeaseUntil(now)));
            InboxItem? item;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                item = await reader.ReadAsync(cancellationToken)
                    ? ReadItem(reader) with { Lease = new StoreLease(InstanceId, reader.GetInt64(10), FromMs(reader.GetInt64(11))) }
                    : null;
            }

            if (item is null)
            {
                return null;
            }

            await using var warnings = Command(connection, transaction, "SELECT warnings_json FROM inbox_warnings WHERE seq = $s", ("$s", item.Sequence));
            return await warnings.ExecuteScalarAsync(cancellationToken) is string json
                ? item with { Warnings = System.Text.Json.JsonSerializer.Deserialize<List<string>>(json) }
                : item;
        }, cancellationToken, Durability.Replayable);

    public Task<StoreLease?> RenewAsync(InboxItem item, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var lease = LeaseOf(item);
        return WriteAsync(async (connection, transaction) =>
            await ExecuteAsync(connection, transaction,
                $"UPDATE inbox SET lease_until = $until WHERE seq = $s AND {HeldBy}", cancellationToken,
                ("$until", LeaseUntil(now)), ("$s", item.Sequence), ("$me", lease.Owner), ("$token", lease.Token)) == 1
                ? lease with { Until = FromMs(LeaseUntil(now)) }
                : null, cancellationToken, Durability.Replayable);
    }

    /// <summary>Not flushed to disk before returning (<see cref="Durability.Replayable"/>): lost only to a power cut, and then replayed.</summary>
    public Task CompleteAsync(
        InboxItem item, IReadOnlyCollection<Resource> produced, DateTimeOffset now, CancellationToken cancellationToken, ResolvedRoute? resolved = null,
        IReadOnlyDictionary<string, int>? expected = null)
    {
        var lease = LeaseOf(item);
        var prepared = Prepare(produced);
        return WriteAsync(async (connection, transaction) =>
        {
            var updated = await ExecuteAsync(connection, transaction,
                $"UPDATE inbox SET status = 'done', completed_at = $t, last_error = NULL, lease_until = NULL WHERE seq = $s AND {HeldBy}",
                cancellationToken, ("$t", Ms(now)), ("$s", item.Sequence), ("$me", lease.Owner), ("$token", lease.Token));
            if (updated != 1)
            {
                throw LeaseLost("Inbox item", item.Sequence);
            }

            await CheckVersionsAsync(connection, transaction, expected, cancellationToken);
            var changed = await UpsertAsync(connection, transaction, prepared, now, cancellationToken);
            var key = await ResolveRouteAsync(connection, transaction, item, resolved, cancellationToken);
            await RecordOwnersAsync(connection, transaction, item.ReferralKey, key, prepared, cancellationToken);
            await QueueDeliveriesAsync(connection, transaction, key, "processed", changed, now, cancellationToken);
            return 0;
        }, cancellationToken, Durability.Replayable);
    }

    public Task FailAsync(InboxItem item, string reason, DateTimeOffset? retryAt, CancellationToken cancellationToken)
    {
        var lease = LeaseOf(item);
        return WriteAsync(async (connection, transaction) => await ExecuteAsync(connection, transaction,
            $"UPDATE inbox SET status = $st, last_error = $e, next_attempt = $n, lease_until = NULL WHERE seq = $s AND {HeldBy}",
            cancellationToken, ("$st", retryAt is null ? "parked" : "pending"), ("$e", reason),
            ("$n", retryAt is { } at ? Ms(at) : long.MaxValue), ("$s", item.Sequence), ("$me", lease.Owner), ("$token", lease.Token)) == 1
            ? 0 : throw LeaseLost("Inbox item", item.Sequence), cancellationToken, Durability.Replayable);
    }

    public Task DeferAsync(InboxItem item, string reason, DateTimeOffset retryAt, CancellationToken cancellationToken)
    {
        var lease = LeaseOf(item);
        return WriteAsync(async (connection, transaction) => await ExecuteAsync(connection, transaction,
            $"UPDATE inbox SET status = 'pending', attempts = MAX(attempts - 1, 0), last_error = $e, next_attempt = $n, lease_until = NULL WHERE seq = $s AND {HeldBy}",
            cancellationToken, ("$e", reason), ("$n", Ms(retryAt)), ("$s", item.Sequence), ("$me", lease.Owner), ("$token", lease.Token)) == 1
            ? 0 : throw LeaseLost("Inbox item", item.Sequence), cancellationToken, Durability.Replayable);
    }

    public async Task<IReadOnlyList<InboxItem>> ListAsync(InboxStatus status, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {InboxColumns} FROM inbox WHERE status = $st ORDER BY seq",
            ("$st", status.ToString().ToLowerInvariant()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<InboxItem>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(ReadItem(reader));
        }

        return items;
    }

    public async Task<bool> RetryAsync(long sequence, CancellationToken cancellationToken) =>
        await WriteAsync((connection, transaction) => ExecuteAsync(connection, transaction,
            "UPDATE inbox SET status = 'pending', attempts = 0, next_attempt = 0 WHERE seq = $s AND status = 'parked'",
            cancellationToken, ("$s", sequence)), cancellationToken) == 1;

    public Task<int> ExpireMessageCacheAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await ExecuteAsync(connection, transaction,
                "DELETE FROM message_content WHERE bundle_id IN (SELECT bundle_id FROM message_cache WHERE cache_until < $now)", cancellationToken, ("$now", Ms(now)));
            return await ExecuteAsync(connection, transaction, "DELETE FROM message_cache WHERE cache_until < $now", cancellationToken, ("$now", Ms(now)));
        }, cancellationToken);

    private static InboxItem ReadItem(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
        Enum.Parse<InboxStatus>(r.GetString(5), ignoreCase: true), r.GetInt32(6),
        r.IsDBNull(7) ? null : r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8), FromMs(r.GetInt64(9)));
}
