using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Store;

namespace BoneMets.Fhir.Audit;

/// <summary>Builds the AuditEvent (recorded now, a fresh id) and appends it with its index to the store.</summary>
public sealed class AuditTrail(IAuditStore store, TimeProvider clock) : IAuditTrail
{
    public Task RecordAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        var recorded = clock.GetUtcNow();
        var id = Guid.NewGuid().ToString("N");
        var audit = AuditEventBuilder.Build(record, id, recorded);
        return store.AppendAsync(new StoredAuditEvent(id, recorded, FhirJson.Serialize(audit), AuditIndex.Of(audit)), cancellationToken);
    }
}
