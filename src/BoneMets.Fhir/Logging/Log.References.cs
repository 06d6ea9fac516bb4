using Microsoft.Extensions.Logging;

namespace BoneMets.Fhir.Logging;

/// <summary>References-only referrals (ADR 10): event ids 1110–1119 (intake) and 1450–1499 (fetching the referral).</summary>
internal static partial class Log
{
    [LoggerMessage(1110, LogLevel.Information, "References-only referral accepted: focus {FocusType}, versioned {Versioned}")]
    public static partial void PointerAccepted(ILogger logger, string focusType, bool versioned);

    [LoggerMessage(1450, LogLevel.Information, "Referral fetched from partner {PartnerId}: {FocusType} in {RoundTrips} round trips, {ResourceCount} resources")]
    public static partial void ReferralFetched(ILogger logger, string partnerId, string focusType, int roundTrips, int resourceCount);

    [LoggerMessage(1451, LogLevel.Warning, "Referral unusable at partner {PartnerId}: {FocusType}, status {Status}")]
    public static partial void ReferralUnusable(ILogger logger, string partnerId, string focusType, int status);

    [LoggerMessage(1452, LogLevel.Warning, "Referral parked without retry: inbox {Sequence}, {IssueCount} issues")]
    public static partial void ReferralParkedUnusable(ILogger logger, long sequence, int issueCount);
}
