using System.Text.Json;
using Hl7.Fhir.Model;
using Npgsql;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Store.Postgres;

public sealed partial class PostgresStore
{
    /// <summary>The row is still the caller's: processing, claimed by <c>@me</c>, and not claimed again since (<c>@token</c>).</summary>
    private const string HeldBy = "status = 'processing' AND claimed_by = @me AND claims = @token";

    private const string InboxColumns =
        "seq, bundle_id, header_id, referral_key, message_json, status, attempts, last_error, correlation_id, received_at";

    /// <summary>
    /// Insert-or-get: the cache row goes in first, <c>ON CONFLICT DO NOTHING</c> on any of its unique ids. A concurrent
    /// insert of the same ids makes this one wait for that transaction; when it commits, nothing is inserted here and the
    /// winner is read back and classified, so both senders get the original response and one item exists.
    /// </summary>
    public async Task<AcceptResult> AcceptAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        // A winner that is gone again by the time it is read (its cache period ended in between) is a race lost twice; try again.
        for (var round = 0; ; round++)
        {
            if (await TryAcceptAsync(message, cancellationToken) is { } result)
            {
                return result;
            }

            if (round == 2)
            {
                throw new StoreConflictException($"Message {message.HeaderId} conflicted with a cache entry that could not be read back.");
            }
        }
    }

    private Task<AcceptResult?> TryAcceptAsync(InboundMessage message, CancellationToken cancellationToken) =>
        WriteAsync<AcceptResult?>(async (connection, transaction) =>
        {
            await transaction.SaveAsync("accept", cancellationToken);
            if (!await ClaimReferralAsync(connection, transaction, message.ReferralKey, message.PartnerId, cancellationToken))
            {
                return new AcceptResult.Conflict(
                    "The referral's ServiceRequest identifier is another sender's referral; a referral keeps the sender that first sent it.");
            }

            await using var next = Command(connection, transaction, "SELECT nextval(pg_get_serial_sequence('inbox', 'seq'))");
            var seq = (long)(await next.ExecuteScalarAsync(cancellationToken))!;
            await using var cache = Command(connection, transaction,
                "INSERT INTO message_cache (bundle_id, header_id, request_id, inbox_seq, response_json, cache_until) " +
                "VALUES (@b, @h, @r, @s, @j, @u) ON CONFLICT DO NOTHING",
                ("b", message.BundleId), ("h", message.HeaderId), ("r", message.RequestId), ("s", seq),
                ("j", message.ResponseJson), ("u", Ms(message.CacheUntil)));
            if (await cache.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                // Another copy won (ON CONFLICT waited for it to commit): undo this one and answer with the winner's.
                await transaction.RollbackAsync("accept", cancellationToken);
                return await KnownAsync(connection, transaction, message, cancellationToken);
            }

            await InsertAcceptedAsync(connection, transaction, message, seq, cancellationToken);
            return new AcceptResult.Accepted(seq);
        }, cancellationToken);

    private static async Task<AcceptResult?> KnownAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, InboundMessage message, CancellationToken cancellationToken)
    {
        await using var lookup = Command(connection, transaction,
            "SELECT c.bundle_id, c.header_id, c.request_id, c.response_json, c.inbox_seq, m.content_hash FROM message_cache c " +
            "LEFT JOIN message_content m ON m.bundle_id = c.bundle_id " +
            "WHERE c.bundle_id = @b OR c.header_id = @h OR (@r IS NOT NULL AND c.request_id = @r)",
            ("b", message.BundleId), ("h", message.HeaderId), ("r", message.RequestId));
        await using var reader = await lookup.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (SqliteStore.Classify(message, reader.GetString(0), reader.GetString(1), TextOrNull(reader, 2), reader.GetString(3), reader.GetInt64(4)) is { } known)
            {
                return SqliteStore.SameContent(known, TextOrNull(reader, 5), message.ContentHash);
            }
        }

        return null;
    }

    private static async Task InsertAcceptedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, InboundMessage message, long seq, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, transaction,
            "INSERT INTO inbox (seq, bundle_id, header_id, referral_key, request_id, correlation_id, message_json, received_at, status, next_attempt) " +
            "VALUES (@s, @b, @h, @k, @r, @c, @m, @t, 'pending', @t)", cancellationToken,
            ("s", seq), ("b", message.BundleId), ("h", message.HeaderId), ("k", message.ReferralKey), ("r", message.RequestId),
            ("c", message.CorrelationId), ("m", message.MessageJson), ("t", Ms(message.ReceivedAt)));
        if (message.ContentHash is { } contentHash)
        {
            await ExecuteAsync(connection, transaction,
                "INSERT INTO message_content (bundle_id, content_hash) VALUES (@b, @h) ON CONFLICT (bundle_id) DO UPDATE SET content_hash = excluded.content_hash",
                cancellationToken, ("b", message.BundleId), ("h", contentHash));
        }

        await RecordRouteAsync(connection, transaction, message, cancellationToken);
        if (message.Warnings is { } warnings)
        {
            await ExecuteAsync(connection, transaction, "INSERT INTO inbox_warnings (seq, warnings_json) VALUES (@s, @w)",
                cancellationToken, ("s", seq), ("w", JsonSerializer.Serialize(warnings)));
        }
    }

    /// <summary>
    /// The oldest item that is due (pending with its retry time come, or processing under a lease that ran out), locked
    /// with SKIP LOCKED so a concurrent claimer takes the next one instead of waiting, and marked processing under a new
    /// lease for this instance (the claim count is the fencing token).
    /// </summary>
    public Task<InboxItem?> ClaimNextAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await using var command = Command(connection, transaction,
                "UPDATE inbox SET status = 'processing', attempts = attempts + 1, claims = claims + 1, claimed_by = @me, lease_until = @until " +
                "WHERE seq = (SELECT seq FROM inbox WHERE (status = 'pending' AND next_attempt <= @now) OR (status = 'processing' AND lease_until <= @now) " +
                $"ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING {InboxColumns}, claims, lease_until",
                ("me", InstanceId), ("now", Ms(now)), ("until", LeaseUntil(now)));
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

            await using var warnings = Command(connection, transaction, "SELECT warnings_json FROM inbox_warnings WHERE seq = @s", ("s", item.Sequence));
            return await warnings.ExecuteScalarAsync(cancellationToken) is string json
                ? item with { Warnings = JsonSerializer.Deserialize<List<string>>(json) }
                : item;
        }, cancellationToken);

    public Task<StoreLease?> RenewAsync(InboxItem item, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var lease = SqliteStore.LeaseOf(item);
        return WriteAsync(async (connection, transaction) =>
            await ExecuteAsync(connection, transaction, $"UPDATE inbox SET lease_until = @until WHERE seq = @s AND {HeldBy}", cancellationToken,
                ("until", LeaseUntil(now)), ("s", item.Sequence), ("me", lease.Owner), ("token", lease.Token)) == 1
                ? lease with { Until = FromMs(LeaseUntil(now)) }
                : null, cancellationToken);
    }

    /// <summary>Refused (<see cref="StoreConflictException"/>, nothing written) when the item's lease was taken over.</summary>
    public Task CompleteAsync(
        InboxItem item, IReadOnlyCollection<Resource> produced, DateTimeOffset now, CancellationToken cancellationToken, ResolvedRoute? resolved = null,
        IReadOnlyDictionary<string, int>? expected = null)
    {
        var lease = SqliteStore.LeaseOf(item);
        var prepared = SqliteStore.Prepare(produced);
        return WriteAsync(async (connection, transaction) =>
        {
            var updated = await ExecuteAsync(connection, transaction,
                $"UPDATE inbox SET status = 'done', completed_at = @t, last_error = NULL, lease_until = NULL WHERE seq = @s AND {HeldBy}",
                cancellationToken, ("t", Ms(now)), ("s", item.Sequence), ("me", lease.Owner), ("token", lease.Token));
            if (updated != 1)
            {
                throw SqliteStore.LeaseLost("Inbox item", item.Sequence);
            }

            await CheckVersionsAsync(connection, transaction, expected, prepared, cancellationToken);
            var changed = await UpsertAsync(connection, transaction, prepared, now, cancellationToken);
            var key = await ResolveRouteAsync(connection, transaction, item, resolved, cancellationToken);
            await RecordOwnersAsync(connection, transaction, item.ReferralKey, key, prepared, cancellationToken);
            await QueueDeliveriesAsync(connection, transaction, key, "processed", changed, now, cancellationToken);
            return 0;
        }, cancellationToken);
    }

    public Task FailAsync(InboxItem item, string reason, DateTimeOffset? retryAt, CancellationToken cancellationToken)
    {
        var lease = SqliteStore.LeaseOf(item);
        return WriteAsync(async (connection, transaction) => await ExecuteAsync(connection, transaction,
            $"UPDATE inbox SET status = @st, last_error = @e, next_attempt = @n, lease_until = NULL WHERE seq = @s AND {HeldBy}",
            cancellationToken, ("st", retryAt is null ? "parked" : "pending"), ("e", reason),
            ("n", retryAt is { } at ? Ms(at) : long.MaxValue), ("s", item.Sequence), ("me", lease.Owner), ("token", lease.Token)) == 1
            ? 0 : throw SqliteStore.LeaseLost("Inbox item", item.Sequence), cancellationToken);
    }

    public Task DeferAsync(InboxItem item, string reason, DateTimeOffset retryAt, CancellationToken cancellationToken)
    {
        var lease = SqliteStore.LeaseOf(item);
        return WriteAsync(async (connection, transaction) => await ExecuteAsync(connection, transaction,
            "UPDATE inbox SET status = 'pending', attempts = GREATEST(attempts - 1, 0), last_error = @e, next_attempt = @n, lease_until = NULL " +
            $"WHERE seq = @s AND {HeldBy}",
            cancellationToken, ("e", reason), ("n", Ms(retryAt)), ("s", item.Sequence), ("me", lease.Owner), ("token", lease.Token)) == 1
            ? 0 : throw SqliteStore.LeaseLost("Inbox item", item.Sequence), cancellationToken);
    }

    public async Task<IReadOnlyList<InboxItem>> ListAsync(InboxStatus status, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {InboxColumns} FROM inbox WHERE status = @st ORDER BY seq",
            ("st", status.ToString().ToLowerInvariant()));
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
            "UPDATE inbox SET status = 'pending', attempts = 0, next_attempt = 0 WHERE seq = @s AND status = 'parked'",
            cancellationToken, ("s", sequence)), cancellationToken) == 1;

    public Task<int> ExpireMessageCacheAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await ExecuteAsync(connection, transaction,
                "DELETE FROM message_content WHERE bundle_id IN (SELECT bundle_id FROM message_cache WHERE cache_until < @now)", cancellationToken, ("now", Ms(now)));
            return await ExecuteAsync(connection, transaction, "DELETE FROM message_cache WHERE cache_until < @now", cancellationToken, ("now", Ms(now)));
        }, cancellationToken);

    /// <summary>One keyed read: a resend is answered without taking part in any write.</summary>
    public async Task<AcceptResult?> FindResendAsync(string bundleId, string headerId, string contentHash, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = Command(connection, null,
            "SELECT c.response_json, c.inbox_seq, m.content_hash FROM message_cache c LEFT JOIN message_content m ON m.bundle_id = c.bundle_id " +
            "WHERE c.bundle_id = @b AND c.header_id = @h", ("b", bundleId), ("h", headerId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? SqliteStore.SameContent(new AcceptResult.Replay(reader.GetString(0), reader.GetInt64(1)), TextOrNull(reader, 2), contentHash)
            : null;
    }

    private static InboxItem ReadItem(NpgsqlDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
        Enum.Parse<InboxStatus>(r.GetString(5), ignoreCase: true), r.GetInt32(6),
        TextOrNull(r, 7), TextOrNull(r, 8), FromMs(r.GetInt64(9)));
}
