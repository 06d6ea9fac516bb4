using Microsoft.Extensions.Logging;

namespace BoneMets.Fhir.Logging;

/// <summary>The audit trail (ADR 0020): event ids 3201–3209 (the Service's audit lines use 3210–3229).</summary>
internal static partial class Log
{
    [LoggerMessage(3201, LogLevel.Information, "Audit retention: {Deleted} AuditEvents older than {RetentionDays} days deleted")]
    public static partial void AuditSwept(ILogger logger, int deleted, int retentionDays);

    [LoggerMessage(3202, LogLevel.Error, "Audit retention sweep failed with {ExceptionType}; it runs again in an hour")]
    public static partial void AuditSweepFailed(ILogger logger, string exceptionType);
}
