using BoneMets.Fhir.Logging;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BoneMets.Fhir.Pipeline;

/// <summary>The background worker: processes the inbox in arrival order, and expires the messaging cache hourly.</summary>
public sealed class ReferralWorker(
    ReferralProcessor processor, IReferralInbox inbox, InboxSignal signal, ServiceReadiness readiness,
    WorkerOptions options, TimeProvider clock, ILogger<ReferralWorker> logger) : BackgroundService
{
    private static readonly TimeSpan CacheSweep = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await readiness.WaitUntilReadyAsync(stoppingToken);
        var nextSweep = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (clock.GetUtcNow() >= nextSweep)
            {
                var expired = await inbox.ExpireMessageCacheAsync(clock.GetUtcNow(), stoppingToken);
                Log.CacheExpired(logger, expired);
                nextSweep = clock.GetUtcNow() + CacheSweep;
            }

            if (await processor.ProcessNextAsync(stoppingToken) is null)
            {
                await signal.WaitAsync(options.IdlePoll, stoppingToken);
            }
        }
    }
}
