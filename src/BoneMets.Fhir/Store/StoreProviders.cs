using BoneMets.Fhir.Options;
using BoneMets.Fhir.Store.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BoneMets.Fhir.Store;

/// <summary>
/// The one place that knows the concrete stores (ADR 0019): <c>Store:Provider</c> picks one, it is checked at startup
/// (an unknown provider, or postgres without a connection string, stops the service naming the key), and every store
/// interface the service uses resolves to the one instance.
/// </summary>
public static class StoreProviders
{
    public const string Sqlite = "sqlite";

    public const string Postgres = "postgres";

    public static readonly IReadOnlyList<string> Known = [Sqlite, Postgres];

    /// <summary>Registers the configured store behind <see cref="IDurableStore"/> and each interface it combines.</summary>
    public static IServiceCollection AddDurableStore(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<StoreOptions>, StoreProviderValidation>();
        services.AddSingleton(sp => Create(sp.GetRequiredService<StoreOptions>(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<IReferralInbox>(sp => sp.GetRequiredService<IDurableStore>());
        services.AddSingleton<IResourceStore>(sp => sp.GetRequiredService<IDurableStore>());
        services.AddSingleton<IReferralChanges>(sp => sp.GetRequiredService<IDurableStore>());
        services.AddSingleton<ILifecycleStore>(sp => sp.GetRequiredService<IDurableStore>());
        services.AddSingleton<IDeliveryOutbox>(sp => sp.GetRequiredService<IDurableStore>());
        services.AddSingleton<IAssertionReplayCache>(sp => sp.GetRequiredService<IDurableStore>());
        services.AddSingleton<ISubscriptionStore>(sp => sp.GetRequiredService<IDurableStore>());
        services.AddSingleton<ILeaderLease>(sp => sp.GetRequiredService<IDurableStore>());
        return services;
    }

    /// <summary>The configured store, not yet opened.</summary>
    public static IDurableStore Create(StoreOptions options, ILoggerFactory loggers) => Provider(options) switch
    {
        Sqlite => new SqliteStore(options, loggers.CreateLogger<SqliteStore>()),
        Postgres => new PostgresStore(options, loggers.CreateLogger<PostgresStore>()),
        _ => throw new OptionsValidationException(StoreOptions.Section, typeof(StoreOptions), Problems(options)),
    };

    /// <summary>
    /// The store for an operator command beside a running service: opened to read and settle what the service left;
    /// opening takes back nothing, since work in progress is held under a lease (ADR 0015).
    /// </summary>
    public static async Task<IDurableStore> OpenForOperatorAsync(StoreOptions options, CancellationToken cancellationToken)
    {
        if (Problems(options) is { Count: > 0 } problems)
        {
            throw new OptionsValidationException(StoreOptions.Section, typeof(StoreOptions), problems);
        }

        var store = Create(options, NullLoggerFactory.Instance);
        await store.OpenAsync(cancellationToken); // nothing is reset on open: work in progress stays under its lease (ADR 0015)
        return store;
    }

    /// <summary>What is wrong with the store's configuration, each problem naming its key; empty when it is usable.</summary>
    public static IReadOnlyList<string> Problems(StoreOptions options)
    {
        const string connectionKey = $"{StoreOptions.Section}:{nameof(StoreOptions.ConnectionString)}";
        return Provider(options) switch
        {
            Sqlite => [],
            Postgres when string.IsNullOrWhiteSpace(options.ConnectionString) =>
                [$"{connectionKey} is required when {StoreOptions.Section}:{nameof(StoreOptions.Provider)} is postgres: an Npgsql connection string such as Host=db;Database=bonemets;Username=bonemets (the password from a secret, e.g. Store__ConnectionString)."],
            Postgres => ConnectionProblems(options.ConnectionString!, connectionKey),
            _ => [$"{StoreOptions.Section}:{nameof(StoreOptions.Provider)} is '{options.Provider}', which is not a store: use {string.Join(" or ", Known)}."],
        };
    }

    /// <summary>A connection string Npgsql cannot read, or one naming no server; the problem never repeats its values (it may hold a password).</summary>
    private static IReadOnlyList<string> ConnectionProblems(string connectionString, string key)
    {
        try
        {
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            return string.IsNullOrWhiteSpace(builder.Host) ? [$"{key} names no Host: say which PostgreSQL server to use."] : [];
        }
        catch (ArgumentException)
        {
            return [$"{key} is not an Npgsql connection string (Key=Value pairs separated by ';', e.g. Host=db;Database=bonemets;Username=bonemets)."];
        }
    }

    /// <summary>Whether the options name the PostgreSQL store (any case).</summary>
    public static bool IsPostgres(StoreOptions options) => Provider(options) == Postgres;

    private static string Provider(StoreOptions options) => (options.Provider ?? "").Trim().ToLowerInvariant();

    private sealed class StoreProviderValidation : IValidateOptions<StoreOptions>
    {
        public ValidateOptionsResult Validate(string? name, StoreOptions options) =>
            Problems(options) is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
