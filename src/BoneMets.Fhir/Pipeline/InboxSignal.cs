namespace BoneMets.Fhir.Pipeline;

/// <summary>Wakes the worker when a message is accepted, so it need not wait for its next poll.</summary>
public sealed class InboxSignal : IDisposable
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
            // already signalled; the worker will look once for everything that arrived
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => signal.WaitAsync(timeout, cancellationToken);

    public void Dispose() => signal.Dispose();
}
