using BoneMets.Fhir.Options;
using BoneMets.Fhir.Store;
using Microsoft.Extensions.Configuration;

namespace BoneMets.Fhir.Service.Cli;

/// <summary>
/// The store an operator command works on: the one the service is configured with (appsettings.json, then environment
/// variables such as <c>Store__Provider</c>), overridden by <c>--data DIR</c> or <c>--Store:Key value</c> on the command line.
/// </summary>
internal static class OperatorStore
{
    /// <param name="configuration">Configuration arguments (<c>--Store:Key value</c>), <c>--data</c> already mapped to Store:DataDirectory.</param>
    public static StoreOptions Options(string[] configuration) =>
        new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(configuration)
            .Build()
            .GetSection(StoreOptions.Section).Get<StoreOptions>() ?? new StoreOptions();

    public static Task<IDurableStore> OpenAsync(string[] args) => StoreProviders.OpenForOperatorAsync(Options(args), CancellationToken.None);
}
