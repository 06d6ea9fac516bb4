namespace BoneMets.Fhir.Service.Api;

/// <summary>The audit trail's log lines at the HTTP edge (ADR 0020): event ids 3210–3229; ids and codes only.</summary>
internal static partial class AuditLog
{
    [LoggerMessage(3210, LogLevel.Error, "AuditEvent not recorded ({ExceptionType}) for {Interaction} answered {Status}, request id {RequestId}")]
    public static partial void NotRecorded(ILogger logger, string exceptionType, string interaction, int status, string requestId);
}
