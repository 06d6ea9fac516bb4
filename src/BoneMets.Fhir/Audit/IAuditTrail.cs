namespace BoneMets.Fhir.Audit;

/// <summary>
/// The one audit trail of the service: the API's middleware, the token endpoint and the coordinator's pages all record
/// here. Durable before it returns, so an access is not answered before its AuditEvent is stored.
/// </summary>
public interface IAuditTrail
{
    Task RecordAsync(AuditRecord record, CancellationToken cancellationToken);
}
