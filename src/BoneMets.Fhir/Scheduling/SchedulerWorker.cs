using BoneMets.Fhir.Logging;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Pipeline;
using BoneMets.Fhir.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BoneMets.Fhir.Scheduling;

/// <summary>
/// Runs a scheduling pass every <see cref="SchedulingOptions.PollInterval"/> once the service is ready, on one instance
/// at a time: the instance leading the "scheduler" loop (<see cref="ILeaderLease"/>, renewed while a pass runs; a pass
/// whose leadership is lost stops). Scheduling server failures are logged per Appointment and retried next pass; a store
/// failure stops the host.
/// </summary>
public sealed class SchedulerWorker(
    Scheduler scheduler, ILeaderLease leader, ServiceReadiness readiness, SchedulingOptions options, StoreOptions store, TimeProvider clock,
    ILogger<SchedulerWorker> logger) : BackgroundService
{
    public const string Loop = "scheduler";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await readiness.WaitUntilReadyAsync(stoppingToken);
        var leading = false;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (await leader.TryLeadAsync(Loop, clock.GetUtcNow(), stoppingToken))
                {
                    if (!leading)
                    {
                        Log.LoopLeading(logger, Loop, store.InstanceId);
                    }

                    leading = true;
                    await PassAsync(stoppingToken);
                }
                else
                {
                    leading = false;
                }

                await Task.Delay(options.PollInterval, clock, stoppingToken);
            }
        }
        finally
        {
            if (leading)
            {
                await leader.ResignAsync(Loop, CancellationToken.None);
            }
        }
    }

    private async Task PassAsync(CancellationToken stoppingToken)
    {
        var renewal = LeaseRenewal.Start(ct => leader.TryLeadAsync(Loop, clock.GetUtcNow(), ct), store.RenewEvery, clock, stoppingToken);
        await using (renewal)
        {
            try
            {
                await scheduler.RunOnceAsync(renewal.Token);
            }
            catch (OperationCanceledException) when (renewal.Lost && !stoppingToken.IsCancellationRequested)
            {
                Log.LoopLost(logger, Loop);
            }
        }
    }
}
