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
    public static StoreOptions Options(string[] args)
    {
        var overrides = new Dictionary<string, string?>();
        foreach (var key in new[] { nameof(StoreOptions.DataDirectory), nameof(StoreOptions.Provider), nameof(StoreOptions.ConnectionString) })
        {
            if (BoneMetsCommandLine.OptionValue(args, $"--{StoreOptions.Section}:{key}") is { } value)
            {
                overrides[$"{StoreOptions.Section}:{key}"] = value;
            }
        }

        if (BoneMetsCommandLine.OptionValue(args, "--data") is { } data)
        {
            overrides[$"{StoreOptions.Section}:{nameof(StoreOptions.DataDirectory)}"] = data;
        }

        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides)
            .Build();
        return configuration.GetSection(StoreOptions.Section).Get<StoreOptions>() ?? new StoreOptions();
    }

    public static Task<IDurableStore> OpenAsync(string[] args) => StoreProviders.OpenForOperatorAsync(Options(args), CancellationToken.None);
}
