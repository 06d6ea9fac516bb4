using BoneMets.Fhir.Logging;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Pipeline;
using BoneMets.Fhir.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BoneMets.Fhir.Audit;

/// <summary>
/// Deletes AuditEvents older than Audit:RetentionDays, once the store is open and then hourly, in batches so a first
/// sweep over years of events does not hold SQLite's single writer for long. Every instance may sweep: the delete is
/// idempotent.
/// </summary>
public sealed class AuditRetention(IAuditStore store, AuditOptions options, ServiceReadiness readiness, TimeProvider clock, ILogger<AuditRetention> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);
    private const int Batch = 1000;

    /// <summary>One sweep: everything recorded before now − RetentionDays goes. Returns how many were deleted.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - TimeSpan.FromDays(options.RetentionDays);
        var total = 0;
        int deleted;
        do
        {
            deleted = await store.DeleteAuditEventsBeforeAsync(cutoff, Batch, cancellationToken);
            total += deleted;
        }
        while (deleted == Batch);

        if (total > 0)
        {
            Log.AuditSwept(logger, total, options.RetentionDays);
        }

        return total;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await readiness.WaitUntilReadyAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failed sweep keeps events longer than asked, which harms no one until the next hour's sweep.
                Log.AuditSweepFailed(logger, e.GetType().Name);
            }

            await Task.Delay(Interval, clock, stoppingToken);
        }
    }
}
