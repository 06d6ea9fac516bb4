namespace BoneMets.Fhir.Store;

/// <summary>Loop leadership as a row per loop (<c>store_leases</c>): one upsert that takes an expired or own lease and leaves a live one alone.</summary>
public sealed partial class SqliteStore : ILeaderLease
{
    public async Task<bool> TryLeadAsync(string loop, DateTimeOffset now, CancellationToken cancellationToken) =>
        await WriteAsync((connection, transaction) => ExecuteAsync(connection, transaction,
            "INSERT INTO store_leases (name, owner, token, lease_until) VALUES ($n, $me, 1, $until) " +
            "ON CONFLICT (name) DO UPDATE SET owner = $me, lease_until = $until, " +
            "token = CASE WHEN store_leases.owner = $me THEN store_leases.token ELSE store_leases.token + 1 END " +
            "WHERE store_leases.owner = $me OR store_leases.lease_until <= $now",
            cancellationToken, ("$n", loop), ("$me", InstanceId), ("$until", LeaseUntil(now)), ("$now", Ms(now))), cancellationToken) == 1;

    public Task ResignAsync(string loop, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => ExecuteAsync(connection, transaction,
            "UPDATE store_leases SET lease_until = 0 WHERE name = $n AND owner = $me", cancellationToken, ("$n", loop), ("$me", InstanceId)), cancellationToken);
}
