using Microsoft.Extensions.Logging;

namespace BoneMets.Fhir.Logging;

/// <summary>Store and lease events (1001–1019): instances, claims taken over, leases lost.</summary>
internal static partial class Log
{
    [LoggerMessage(1002, LogLevel.Warning, "Lease lost on {Work} {Sequence}: another instance took it over; this instance's result is not recorded")]
    public static partial void LeaseLost(ILogger logger, string work, long sequence);

    [LoggerMessage(1003, LogLevel.Information, "Loop {Loop} now led by this instance ({InstanceId})")]
    public static partial void LoopLeading(ILogger logger, string loop, string instanceId);

    [LoggerMessage(1004, LogLevel.Warning, "Loop {Loop} lost its leadership mid-pass: another instance leads it now and does the rest")]
    public static partial void LoopLost(ILogger logger, string loop);
}
