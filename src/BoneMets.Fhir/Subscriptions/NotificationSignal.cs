namespace BoneMets.Fhir.Subscriptions;

/// <summary>Wakes the subscription worker when a notification was stored, so it is processed at once, not at the next tick.</summary>
public sealed class NotificationSignal : IDisposable
{
    private readonly SemaphoreSlim signal = new(0, 1);

    public void Notify()
    {
        try
        {
            signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // already signalled; the worker takes everything pending in one round
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => signal.WaitAsync(timeout, cancellationToken);

    public void Dispose() => signal.Dispose();
}
