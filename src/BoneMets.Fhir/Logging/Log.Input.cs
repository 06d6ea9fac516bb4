using Microsoft.Extensions.Logging;

namespace BoneMets.Fhir.Logging;

/// <summary>Bodies refused by the strict reader (ADR 0014): status, issue code and FHIRPath only, never the body.</summary>
internal static partial class Log
{
    [LoggerMessage(1120, LogLevel.Warning, "Message refused before parsing: {Status} {IssueCode} at {Expression}")]
    public static partial void InputRefused(ILogger logger, int status, string issueCode, string expression);

    [LoggerMessage(1121, LogLevel.Warning, "Message refused: the client of partner {PartnerId} posted MessageHeader {HeaderId}, which is not that partner's (403)")]
    public static partial void MessageOfAnotherPartner(ILogger logger, string partnerId, string headerId);
}
