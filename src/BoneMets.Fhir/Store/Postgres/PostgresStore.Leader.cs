namespace BoneMets.Fhir.Store.Postgres;

/// <summary>
/// Loop leadership as a row per loop (<c>store_leases</c>), as on SQLite: one upsert takes an expired or own lease and
/// leaves a live one alone. A row, not a session advisory lock, so leadership has the same lease, expiry and fencing
/// token as every other claim and does not depend on one pooled connection staying open.
/// </summary>
public sealed partial class PostgresStore : ILeaderLease
{
    public async Task<bool> TryLeadAsync(string loop, DateTimeOffset now, CancellationToken cancellationToken) =>
        await WriteAsync((connection, transaction) => ExecuteAsync(connection, transaction,
            "INSERT INTO store_leases (name, owner, token, lease_until) VALUES (@n, @me, 1, @until) " +
            "ON CONFLICT (name) DO UPDATE SET owner = @me, lease_until = @until, " +
            "token = CASE WHEN store_leases.owner = @me THEN store_leases.token ELSE store_leases.token + 1 END " +
            "WHERE store_leases.owner = @me OR store_leases.lease_until <= @now",
            cancellationToken, ("n", loop), ("me", InstanceId), ("until", LeaseUntil(now)), ("now", Ms(now))), cancellationToken) == 1;

    public Task ResignAsync(string loop, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => ExecuteAsync(connection, transaction,
            "UPDATE store_leases SET lease_until = 0 WHERE name = @n AND owner = @me", cancellationToken, ("n", loop), ("me", InstanceId)), cancellationToken);
}
