namespace BoneMets.Fhir.Pipeline;

/// <summary>Ready once the store is open, the program's directory written and the FHIR parser warm.</summary>
public sealed class ServiceReadiness
{
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsReady => ready.Task.IsCompleted;

    public void MarkReady() => ready.TrySetResult();

    public Task WaitUntilReadyAsync(CancellationToken cancellationToken) => ready.Task.WaitAsync(cancellationToken);
}
