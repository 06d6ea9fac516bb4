using BoneMets.Fhir.Store;

namespace BoneMets.Fhir.Pipeline;

/// <summary>
/// Keeps a lease on claimed work alive while the work runs (ADR 0015): renews it every
/// <see cref="Store.StoreOptions.RenewEvery"/>, and when a renewal finds the lease lost (another instance took the work
/// over) cancels <see cref="Token"/>, so the holder stops instead of finishing work whose result would be refused.
/// A renewal that fails in the store is rethrown when the renewal is disposed: a broken store stops the host.
/// </summary>
public sealed class LeaseRenewal : IAsyncDisposable
{
    private readonly CancellationTokenSource lost;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    private LeaseRenewal(Func<CancellationToken, Task<bool>> renew, TimeSpan every, TimeProvider clock, CancellationToken cancellationToken)
    {
        lost = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        loop = RenewAsync(renew, every, clock);
    }

    /// <summary>Cancelled when the caller's token is, or when the lease is lost.</summary>
    public CancellationToken Token => lost.Token;

    /// <summary>Whether a renewal found the lease taken over (or could not renew it).</summary>
    public bool Lost { get; private set; }

    /// <param name="renew">Renews the lease; false when it was lost.</param>
    public static LeaseRenewal Start(Func<CancellationToken, Task<bool>> renew, TimeSpan every, TimeProvider clock, CancellationToken cancellationToken) =>
        new(renew, every, clock, cancellationToken);

    private async Task RenewAsync(Func<CancellationToken, Task<bool>> renew, TimeSpan every, TimeProvider clock)
    {
        try
        {
            while (true)
            {
                await Task.Delay(every, clock, stop.Token);
                if (!await renew(stop.Token))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return;
        }
        catch
        {
            Lost = true;
            await lost.CancelAsync();
            throw;
        }

        Lost = true;
        await lost.CancelAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await loop;
        }
        finally
        {
            stop.Dispose();
            lost.Dispose();
        }
    }
}
