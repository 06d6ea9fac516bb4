namespace BoneMets.Fhir.Store;

public sealed partial class SqliteStore : IAssertionReplayCache
{
    public Task<bool> TryRecordAsync(string clientId, string jti, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            // Expired entries can go: an expired assertion is refused on its exp before the cache is asked.
            await ExecuteAsync(connection, transaction, "DELETE FROM assertion_jti WHERE expires_at < $now", cancellationToken, ("$now", Ms(now)));
            return await ExecuteAsync(connection, transaction,
                "INSERT OR IGNORE INTO assertion_jti (client_id, jti, expires_at) VALUES ($c, $j, $e)", cancellationToken,
                ("$c", clientId), ("$j", jti), ("$e", Ms(expiresAt))) == 1;
        }, cancellationToken);
}
