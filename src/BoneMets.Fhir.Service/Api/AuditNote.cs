namespace BoneMets.Fhir.Service.Api;

/// <summary>
/// What an endpoint knows about its request that the route does not say, for its AuditEvent: the client a token request
/// named, a short PHI-free reason (an RFC 6749 error code), the resources it touched. Set on every /fhir request by
/// <see cref="FhirAudit"/>; an endpoint that notes nothing is still audited.
/// </summary>
public sealed class AuditNote
{
    public string? ClientId { get; set; }

    public string? Reason { get; set; }

    public List<string> Entities { get; } = [];

    public static AuditNote? Of(HttpContext context) => context.Features.Get<AuditNote>();
}
