using BoneMets.Fhir.Logging;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BoneMets.Fhir.Pipeline;

/// <summary>
/// The background worker: <see cref="WorkerOptions.Concurrency"/> loops claim due referrals in arrival order (each
/// claim is atomic), so a referral waiting on a slow partner holds one loop, not the queue. The first loop also
/// expires the messaging cache hourly.
/// </summary>
public sealed class ReferralWorker(
    ReferralProcessor processor, IReferralInbox inbox, WorkSignal signal, ServiceReadiness readiness,
    WorkerOptions options, TimeProvider clock, ILogger<ReferralWorker> logger) : BackgroundService
{
    private static readonly TimeSpan CacheSweep = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await readiness.WaitUntilReadyAsync(stoppingToken);
        await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(i => Task.Run(() => LoopAsync(sweeps: i == 0, stoppingToken), stoppingToken)));
    }

    private async Task LoopAsync(bool sweeps, CancellationToken stoppingToken)
    {
        var nextSweep = sweeps ? DateTimeOffset.MinValue : DateTimeOffset.MaxValue;
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
                await signal.WaitAsync(SignalledWork.Inbox, options.IdlePoll, stoppingToken);
            }
        }
    }
}
