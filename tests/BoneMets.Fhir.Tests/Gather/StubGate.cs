using Microsoft.AspNetCore.Http;
using WireMock;
using WireMock.ResponseProviders;
using WireMock.Settings;

namespace BoneMets.Fhir.Tests.Gather;

/// <summary>
/// Holds a stub partner's answers until the test opens the gate, counting each request as it arrives. A test then
/// proves "X happened while the partner was still holding" by order, not by how long anything took: a held answer
/// is effectively infinite, so only the property under test (a timeout, per-partner isolation, a second worker)
/// can explain X. Disposing opens the gate, so held requests end before their server stops.
/// </summary>
public sealed class StubGate : IDisposable
{
    private readonly TaskCompletionSource opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int arrived;

    /// <summary>Requests that reached a held answer (held now, or answered after <see cref="Open"/>).</summary>
    public int Arrived => Volatile.Read(ref arrived);

    public bool IsOpen => opened.Task.IsCompleted;

    /// <summary>Lets every held request, and every later one, have its answer.</summary>
    public void Open() => opened.TrySetResult();

    /// <summary>
    /// <paramref name="answer"/>, held at the gate. With <paramref name="first"/>, only the first that many requests
    /// (counted across the gate) are held; later ones are answered at once.
    /// </summary>
    public IResponseProvider Hold(IResponseProvider answer, int first = int.MaxValue) => new Held(this, answer, first);

    /// <summary>Waits until <paramref name="count"/> requests have arrived (bounded: 30 s, then fails).</summary>
    public async Task WaitForArrivalsAsync(int count)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); Arrived < count; await Task.Delay(10))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{count} request(s) were expected at the stub within 30 s; {Arrived} arrived.");
            }
        }
    }

    public void Dispose() => Open();

    private sealed class Held(StubGate gate, IResponseProvider answer, int first) : IResponseProvider
    {
        public async Task<(IResponseMessage Message, IMapping? Mapping)> ProvideResponseAsync(
            IMapping mapping, HttpContext context, IRequestMessage requestMessage, WireMockServerSettings settings)
        {
            if (Interlocked.Increment(ref gate.arrived) <= first)
            {
                await gate.opened.Task;
            }

            return await answer.ProvideResponseAsync(mapping, context, requestMessage, settings);
        }
    }
}
