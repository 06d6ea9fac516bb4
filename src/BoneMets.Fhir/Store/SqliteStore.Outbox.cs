using System.Text.Json;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.WriteBack;
using Hl7.Fhir.Model;
using Microsoft.Data.Sqlite;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Store;

public sealed partial class SqliteStore : IDeliveryOutbox
{
    private const string DeliveryColumns =
        "seq, referral_key, partner_id, channel, target, reason, payload_json, status, attempts, last_error, created_at";

    public Task<Delivery?> ClaimNextDeliveryAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await using var command = Command(connection, transaction,
                "UPDATE outbox_deliveries SET status = 'processing', attempts = attempts + 1, claims = claims + 1, claimed_by = $me, lease_until = $until " +
                "WHERE seq = (SELECT d.seq FROM outbox_deliveries d " +
                "WHERE ((d.status = 'pending' AND d.next_attempt <= $now) OR (d.status = 'processing' AND d.lease_until <= $now)) AND NOT EXISTS " +
                "(SELECT 1 FROM outbox_deliveries e WHERE e.referral_key = d.referral_key AND e.channel = d.channel AND e.seq < d.seq " +
                "AND e.status IN ('pending', 'processing', 'parked')) " +
                // Fair between partners: the partner with fewest deliveries in flight goes first, so one slow partner
                // cannot take every delivery loop while another's deliveries wait.
                "ORDER BY (SELECT COUNT(*) FROM outbox_deliveries p WHERE p.partner_id = d.partner_id AND p.status = 'processing' AND p.lease_until > $now), d.seq " +
                $"LIMIT 1) RETURNING {DeliveryColumns}, claims, lease_until", ("$me", InstanceId), ("$now", Ms(now)), ("$until", LeaseUntil(now)));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken)
                ? ReadDelivery(reader) with { Lease = new StoreLease(InstanceId, reader.GetInt64(11), FromMs(reader.GetInt64(12))) }
                : null;
        }, cancellationToken);

    public Task<StoreLease?> RenewDeliveryAsync(Delivery delivery, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var lease = LeaseOf(delivery);
        return WriteAsync(async (connection, transaction) =>
            await ExecuteAsync(connection, transaction,
                $"UPDATE outbox_deliveries SET lease_until = $until WHERE seq = $s AND {HeldBy}", cancellationToken,
                ("$until", LeaseUntil(now)), ("$s", delivery.Sequence), ("$me", lease.Owner), ("$token", lease.Token)) == 1
                ? lease with { Until = FromMs(LeaseUntil(now)) }
                : null, cancellationToken);
    }

    public Task CompleteDeliveryAsync(Delivery delivery, IReadOnlyCollection<PartnerVersion> learnt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var lease = LeaseOf(delivery);
        return WriteAsync(async (connection, transaction) =>
        {
            if (await ExecuteAsync(connection, transaction,
                    $"UPDATE outbox_deliveries SET status = 'done', delivered_at = $t, last_error = NULL, lease_until = NULL WHERE seq = $s AND {HeldBy}",
                    cancellationToken, ("$t", Ms(now)), ("$s", delivery.Sequence), ("$me", lease.Owner), ("$token", lease.Token)) != 1)
            {
                throw LeaseLost("Delivery", delivery.Sequence);
            }

            foreach (var known in learnt)
            {
                await ExecuteAsync(connection, transaction,
                    "INSERT INTO outbox_partner_ids (partner_id, referral_key, type, local_id, their_id, their_version) VALUES ($p, $k, $t, $l, $i, $v) " +
                    "ON CONFLICT (partner_id, type, local_id) DO UPDATE SET their_id = $i, their_version = $v",
                    cancellationToken, ("$p", delivery.PartnerId), ("$k", delivery.ReferralKey), ("$t", known.Type), ("$l", known.LocalId), ("$i", known.TheirId), ("$v", known.TheirVersion));
            }

            return 0;
        }, cancellationToken);
    }

    public Task FailDeliveryAsync(Delivery delivery, string reason, DateTimeOffset? retryAt, CancellationToken cancellationToken)
    {
        var lease = LeaseOf(delivery);
        return WriteAsync(async (connection, transaction) => await ExecuteAsync(connection, transaction,
            $"UPDATE outbox_deliveries SET status = $st, last_error = $e, next_attempt = $n, lease_until = NULL WHERE seq = $s AND {HeldBy}",
            cancellationToken, ("$st", retryAt is null ? "parked" : "pending"), ("$e", reason),
            ("$n", retryAt is { } at ? Ms(at) : long.MaxValue), ("$s", delivery.Sequence), ("$me", lease.Owner), ("$token", lease.Token)) == 1
            ? 0 : throw LeaseLost("Delivery", delivery.Sequence), cancellationToken);
    }

    public async Task<IReadOnlyList<PartnerVersion>> PartnerVersionsAsync(string partnerId, string referralKey, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = Command(connection, null,
            "SELECT type, local_id, their_id, their_version FROM outbox_partner_ids WHERE partner_id = $p AND referral_key = $k",
            ("$p", partnerId), ("$k", referralKey));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var known = new List<PartnerVersion>();
        while (await reader.ReadAsync(cancellationToken))
        {
            known.Add(new PartnerVersion(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return known;
    }

    public async Task<DeliveryRoute?> RouteAsync(string referralKey, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        return await ReadRouteAsync(connection, null, referralKey, cancellationToken);
    }

    public async Task<int> CountUnmatchedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT COUNT(*) FROM outbox_routes WHERE partner_id = ''");
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<IReadOnlyList<Delivery>> ListDeliveriesAsync(DeliveryStatus? status, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = Command(connection, null,
            $"SELECT {DeliveryColumns} FROM outbox_deliveries WHERE $st IS NULL OR status = $st ORDER BY seq",
            ("$st", status?.ToString().ToLowerInvariant()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var deliveries = new List<Delivery>();
        while (await reader.ReadAsync(cancellationToken))
        {
            deliveries.Add(ReadDelivery(reader));
        }

        return deliveries;
    }

    public async Task<bool> RetryDeliveryAsync(long sequence, CancellationToken cancellationToken) =>
        await WriteAsync((connection, transaction) => ExecuteAsync(connection, transaction,
            "UPDATE outbox_deliveries SET status = 'pending', attempts = 0, next_attempt = 0 WHERE seq = $s AND status = 'parked'",
            cancellationToken, ("$s", sequence)), cancellationToken) == 1;

    public async Task<bool> DiscardDeliveryAsync(long sequence, string reason, CancellationToken cancellationToken) =>
        await WriteAsync((connection, transaction) => ExecuteAsync(connection, transaction,
            "UPDATE outbox_deliveries SET status = 'discarded', last_error = $e WHERE seq = $s AND status = 'parked'",
            cancellationToken, ("$s", sequence), ("$e", "discarded by operator: " + reason)), cancellationToken) == 1;

    /// <summary>
    /// The key an item's write-back is queued under. A references-only item's route was recorded at intake under its
    /// pointer (with any reply endpoint the sender asked for); once fetched, the referral's own key takes over, with the
    /// partner's references learnt from what was fetched and the reply endpoint kept from intake.
    /// </summary>
    private static async Task<string> ResolveRouteAsync(
        SqliteConnection connection, SqliteTransaction transaction, InboxItem item, ResolvedRoute? resolved, CancellationToken cancellationToken)
    {
        if (resolved is null || resolved.ReferralKey == item.ReferralKey)
        {
            return item.ReferralKey;
        }

        var route = DeliveryRoutes.Resolved(resolved, await ReadRouteAsync(connection, transaction, item.ReferralKey, cancellationToken));
        if (route is not null)
        {
            await UpsertRouteAsync(connection, transaction, route, cancellationToken);
        }

        return resolved.ReferralKey;
    }

    /// <summary>At intake: where this referral's write-back goes (the latest message about a referral decides), and an async reply.</summary>
    private static async Task RecordRouteAsync(SqliteConnection connection, SqliteTransaction transaction, InboundMessage message, CancellationToken cancellationToken)
    {
        if (message.Route is not { } route)
        {
            return;
        }

        await UpsertRouteAsync(connection, transaction, route, cancellationToken);
        if (message.ReplyAsync && route.ReplyEndpoint is { } endpoint)
        {
            await InsertDeliveryAsync(connection, transaction, route, DeliveryChannel.Message, endpoint, "response", message.ResponseJson,
                message.ReceivedAt, cancellationToken);
        }
    }

    private static Task<int> UpsertRouteAsync(SqliteConnection connection, SqliteTransaction transaction, DeliveryRoute route, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction,
            "INSERT INTO outbox_routes (referral_key, partner_id, fhir_base, reply_endpoint, request_header_id, source_endpoint, received_json) " +
            "VALUES ($k, $p, $f, $r, $h, $e, $j) ON CONFLICT (referral_key) DO UPDATE SET partner_id = $p, fhir_base = $f, reply_endpoint = $r, " +
            "request_header_id = $h, source_endpoint = $e, received_json = $j",
            cancellationToken, ("$k", route.ReferralKey), ("$p", route.PartnerId), ("$f", route.FhirBase), ("$r", route.ReplyEndpoint),
            ("$h", route.RequestHeaderId), ("$e", route.SourceEndpoint), ("$j", JsonSerializer.Serialize(route.Received)));

    /// <summary>
    /// In the transaction that wrote <paramref name="changed"/>: one delivery of the changed write-back resources to the
    /// partner's FHIR server, and a status-update message when the Task changed and the referral has a reply endpoint.
    /// Nothing changed, no route, or write-back off: nothing queued.
    /// </summary>
    private static async Task QueueDeliveriesAsync(
        SqliteConnection connection, SqliteTransaction transaction, string referralKey, string reason, IReadOnlyList<Resource> changed,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await ReadRouteAsync(connection, transaction, referralKey, cancellationToken) is not { } route)
        {
            return;
        }

        foreach (var delivery in DeliveryPayloads.Queued(route, changed, now))
        {
            await InsertDeliveryAsync(connection, transaction, route, delivery.Channel, delivery.Target, reason, delivery.PayloadJson, now, cancellationToken);
        }
    }

    private static Task<int> InsertDeliveryAsync(
        SqliteConnection connection, SqliteTransaction transaction, DeliveryRoute route, DeliveryChannel channel, string target, string reason,
        string payload, DateTimeOffset now, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction,
            "INSERT INTO outbox_deliveries (referral_key, partner_id, channel, target, reason, payload_json, status, next_attempt, created_at) " +
            "VALUES ($k, $p, $c, $t, $r, $j, 'pending', $n, $n)",
            cancellationToken, ("$k", route.ReferralKey), ("$p", route.PartnerId), ("$c", channel.ToString().ToLowerInvariant()), ("$t", target),
            ("$r", reason), ("$j", payload), ("$n", Ms(now)));

    private static async Task<DeliveryRoute?> ReadRouteAsync(SqliteConnection connection, SqliteTransaction? transaction, string referralKey, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction,
            "SELECT partner_id, fhir_base, reply_endpoint, request_header_id, received_json, source_endpoint FROM outbox_routes WHERE referral_key = $k", ("$k", referralKey));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new DeliveryRoute(referralKey, reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                JsonSerializer.Deserialize<Dictionary<string, RouteReference>>(reader.GetString(4)) ?? [], reader.IsDBNull(5) ? null : reader.GetString(5))
            : null;
    }

    private static Delivery ReadDelivery(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), Enum.Parse<DeliveryChannel>(r.GetString(3), ignoreCase: true), r.GetString(4),
        r.GetString(5), r.GetString(6), Enum.Parse<DeliveryStatus>(r.GetString(7), ignoreCase: true), r.GetInt32(8),
        r.IsDBNull(9) ? null : r.GetString(9), FromMs(r.GetInt64(10)));
}
