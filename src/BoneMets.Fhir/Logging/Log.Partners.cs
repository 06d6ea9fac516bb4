using Microsoft.Extensions.Logging;

namespace BoneMets.Fhir.Logging;

/// <summary>Every request to a partner's FHIR API (issue 20), at Debug: summaries (polls, gathering, fetches) carry the Information.</summary>
internal static partial class Log
{
    [LoggerMessage(1460, LogLevel.Debug, "Partner {PartnerId} {Method} {Target} answered {HttpStatus} in {ElapsedMs} ms")]
    public static partial void PartnerRequest(ILogger logger, string partnerId, string method, string target, int httpStatus, long elapsedMs);
}
