namespace BoneMets.Fhir.Store;

/// <summary>
/// The client assertion ids (jti) already used at the token endpoint, kept until the assertion expires, in the store so
/// a replay is refused across restarts and by every instance on the same store (SMART Backend Services, ADR 0016).
/// </summary>
public interface IAssertionReplayCache
{
    /// <summary>Records the jti; false when this client already used it and that assertion has not expired.</summary>
    Task<bool> TryRecordAsync(string clientId, string jti, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken);
}
