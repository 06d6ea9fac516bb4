namespace BoneMets.Fhir.Testing;

/// <summary>
/// Holds a test server's answers until the test opens the gate, counting each request as it arrives. A test then
/// proves "X happened while the partner was still holding" by order, not by how long anything took: a held answer
/// is effectively infinite, so only the property under test (a timeout, per-partner isolation, a second worker)
/// can explain X. Disposing opens the gate, so held requests end before their server stops.
/// </summary>
public sealed class FaultGate : IDisposable
{
    private readonly TaskCompletionSource opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int arrived;

    /// <summary>Requests that reached the gate (held now, or answered after <see cref="Open"/>).</summary>
    public int Arrived => Volatile.Read(ref arrived);

    public bool IsOpen => opened.Task.IsCompleted;

    /// <summary>Lets every held request, and every later one, have its answer.</summary>
    public void Open() => opened.TrySetResult();

    /// <summary>Waits until <paramref name="count"/> requests have arrived (bounded: 30 s, then fails).</summary>
    public async Task WaitForArrivalsAsync(int count)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); Arrived < count; await Task.Delay(10))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{count} request(s) were expected at the gate within 30 s; {Arrived} arrived.");
            }
        }
    }

    internal Task PassAsync()
    {
        Interlocked.Increment(ref arrived);
        return opened.Task;
    }

    public void Dispose() => Open();
}
