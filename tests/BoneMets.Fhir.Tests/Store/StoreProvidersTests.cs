using BoneMets.Fhir.Options;
using BoneMets.Fhir.Store;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BoneMets.Fhir.Tests.Store;

public sealed class StoreProvidersTests
{
    private static IServiceProvider Services(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
            .Build();
        var services = new ServiceCollection().AddSingleton<Microsoft.Extensions.Logging.ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddOptions<StoreOptions>().Bind(configuration.GetSection(StoreOptions.Section)).ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<StoreOptions>>().Value);
        services.AddDurableStore();
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Problems_Defaults_None() => Assert.Empty(StoreProviders.Problems(new StoreOptions()));

    [Theory]
    [InlineData("SQLite")]
    [InlineData(" sqlite ")]
    public void Problems_ProviderInAnyCase_None(string provider) => Assert.Empty(StoreProviders.Problems(new StoreOptions { Provider = provider }));

    [Fact]
    public void Options_UnknownProvider_RefusedNamingTheKey()
    {
        var services = Services(("Store:Provider", "mysql"));

        var refused = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<StoreOptions>>().Value);

        var problem = Assert.Single(refused.Failures);
        Assert.StartsWith("Store:Provider is 'mysql', which is not a store: use sqlite", problem);
    }

    [Fact]
    public void DurableStore_Default_EveryInterfaceIsTheOneSqliteStore()
    {
        var data = Directory.CreateTempSubdirectory("bonemets-providers-").FullName;
        try
        {
            var services = Services(("Store:DataDirectory", data));

            var store = services.GetRequiredService<IDurableStore>();

            Assert.Equal(Path.Combine(data, "bonemets.db"), store.Location);
            Assert.Same(store, services.GetRequiredService<IReferralInbox>());
            Assert.Same(store, services.GetRequiredService<IResourceStore>());
            Assert.Same(store, services.GetRequiredService<IReferralChanges>());
            Assert.Same(store, services.GetRequiredService<ILifecycleStore>());
            Assert.Same(store, services.GetRequiredService<IDeliveryOutbox>());
            Assert.Same(store, services.GetRequiredService<IAssertionReplayCache>());
            Assert.Same(store, services.GetRequiredService<ISubscriptionStore>());
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
