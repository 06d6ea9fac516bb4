using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Store;
using BoneMets.Fhir.WriteBack;
using Microsoft.Extensions.Hosting;

namespace BoneMets.Fhir.Pipeline;

/// <summary>Opens the store, writes the program's directory, warms the FHIR parser and loads the profiles, then reports ready.</summary>
public sealed class StoreStartup(IDurableStore store, ProgramDirectory directory, ServiceReadiness readiness, TimeProvider clock) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.OpenAsync(cancellationToken);
        await store.UpsertAsync(directory.Resources(), clock.GetUtcNow(), cancellationToken);
        FhirJson.Warm();
        Validation.ResourceValidator.Default.Warm(); // loads the core definitions and compiles the profiles (ADR 0017), before the first message pays for it
        readiness.MarkReady();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
