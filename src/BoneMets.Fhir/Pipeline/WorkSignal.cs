namespace BoneMets.Fhir.Pipeline;

/// <summary>The work a <see cref="WorkSignal"/> wakes a worker for.</summary>
public enum SignalledWork
{
    /// <summary>A message was accepted: the referral worker.</summary>
    Inbox,

    /// <summary>A notification was stored: the subscription worker.</summary>
    Notifications,
}

/// <summary>
/// Wakes a worker of this process when the work it does was just stored, so it need not wait for its next poll. Only an
/// optimisation: with several instances the one that stored the work is often not the one that does it, and every
/// worker also polls (<see cref="WorkerOptions.IdlePoll"/>, the feed's tick). One signal per kind of work; a
/// signal already raised stays raised once, and the woken worker takes everything that arrived meanwhile.
/// </summary>
public sealed class WorkSignal : IDisposable
{
    private readonly SemaphoreSlim[] signals = [.. Enum.GetValues<SignalledWork>().Select(_ => new SemaphoreSlim(0, 1))];

    public void Notify(SignalledWork work)
    {
        try
        {
            signals[(int)work].Release();
        }
        catch (SemaphoreFullException)
        {
            // already signalled; the worker will look once for everything that arrived
        }
    }

    public Task<bool> WaitAsync(SignalledWork work, TimeSpan timeout, CancellationToken cancellationToken) =>
        signals[(int)work].WaitAsync(timeout, cancellationToken);

    public void Dispose()
    {
        foreach (var signal in signals)
        {
            signal.Dispose();
        }
    }
}
