using Microsoft.Extensions.Logging;

namespace BoneMets.Fhir.Logging;

/// <summary>Write-back follow-ups (issue 6): event ids 2050–2069.</summary>
internal static partial class Log
{
    [LoggerMessage(2050, LogLevel.Warning, "Message refused: it asks for replies at an endpoint not allowed for partner {PartnerId} ({Expression})")]
    public static partial void ReplyEndpointRefused(ILogger logger, string partnerId, string expression);

    [LoggerMessage(2051, LogLevel.Warning, "Referral message {HeaderId} matches no partner: no write-back will reach its sender")]
    public static partial void NoPartnerForSender(ILogger logger, string headerId);

}
