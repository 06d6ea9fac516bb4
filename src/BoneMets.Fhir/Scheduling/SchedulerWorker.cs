using BoneMets.Fhir.Options;
using BoneMets.Fhir.Pipeline;
using Microsoft.Extensions.Hosting;

namespace BoneMets.Fhir.Scheduling;

/// <summary>
/// Runs a scheduling pass every <see cref="SchedulingOptions.PollInterval"/> once the service is ready. Scheduling
/// server failures are logged per Appointment and retried next pass; a store failure stops the host.
/// </summary>
public sealed class SchedulerWorker(Scheduler scheduler, ServiceReadiness readiness, SchedulingOptions options, TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await readiness.WaitUntilReadyAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            await scheduler.RunOnceAsync(stoppingToken);
            await Task.Delay(options.PollInterval, clock, stoppingToken);
        }
    }
}
