using BoneMets.Fhir.Audit;
using BoneMets.Fhir.Search;

namespace BoneMets.Fhir.Store;

/// <summary>One AuditEvent as kept: its id, when it was recorded, its JSON and the values it is searched by.</summary>
public sealed record StoredAuditEvent(string Id, DateTimeOffset Recorded, string Json, IReadOnlyList<IndexValue> Index);

/// <summary>A page of AuditEvents (JSON), the number matching, and the cursor of the next page when there is one.</summary>
public sealed record AuditPage(IReadOnlyList<string> Events, int Total, long? NextCursor);

/// <summary>
/// The audit trail's own table, apart from the referrals' resources: append-only (no versions, no history), searched by
/// recorded time and indexed values, and swept by age (Audit:RetentionDays).
/// </summary>
public interface IAuditStore
{
    Task AppendAsync(StoredAuditEvent audit, CancellationToken cancellationToken);

    Task<string?> ReadAuditEventAsync(string id, CancellationToken cancellationToken);

    Task<AuditPage> SearchAuditEventsAsync(AuditSearch search, CancellationToken cancellationToken);

    /// <summary>Deletes up to <paramref name="limit"/> of the events recorded before <paramref name="cutoff"/>, oldest first; returns how many.</summary>
    Task<int> DeleteAuditEventsBeforeAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken);
}
