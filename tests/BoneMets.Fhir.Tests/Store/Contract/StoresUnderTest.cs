using BoneMets.Fhir.Options;
using BoneMets.Fhir.Store;
using BoneMets.Fhir.Store.Postgres;
using Microsoft.Extensions.Logging.Abstractions;

namespace BoneMets.Fhir.Tests.Store.Contract;

/// <summary>The embedded store in a temporary directory (<see cref="TempStore"/>).</summary>
public sealed class SqliteUnderTest(TempStore temp) : IStoreUnderTest
{
    public IDurableStore Store => temp.Store;

    public static async Task<IStoreUnderTest> OpenAsync() => new SqliteUnderTest(await TempStore.OpenAsync());

    public async Task<IDurableStore> OpenAnotherAsync(TimeSpan? leaseDuration = null) => await temp.OpenAnotherAsync(leaseDuration);

    public Task<long> ScalarAsync(string sql) => Task.FromResult(temp.Scalar(sql));

    public ValueTask DisposeAsync()
    {
        temp.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>A PostgreSQL store on a database of its own, migrated as the service migrates it at startup.</summary>
public sealed class PostgresUnderTest(TestDatabase database) : IStoreUnderTest
{
    private readonly List<PostgresStore> opened = [];

    public IDurableStore Store => opened[^1];

    public TestDatabase Database => database;

    public static async Task<PostgresUnderTest> OpenAsync()
    {
        var under = new PostgresUnderTest(await PostgresServer.CreateMigratedAsync());
        await under.OpenAnotherAsync();
        return under;
    }

    public async Task<IDurableStore> OpenAnotherAsync(TimeSpan? leaseDuration = null)
    {
        var options = new StoreOptions { Provider = StoreProviders.Postgres, ConnectionString = database.ConnectionString };
        options.LeaseDuration = leaseDuration ?? options.LeaseDuration;
        var store = new PostgresStore(options, NullLogger<PostgresStore>.Instance);
        opened.Add(store);
        await store.OpenAsync(CancellationToken.None);
        return store;
    }

    public Task<long> ScalarAsync(string sql) => database.ScalarAsync(sql);

    public async ValueTask DisposeAsync()
    {
        opened.ForEach(s => s.Dispose());
        await database.DisposeAsync();
    }
}
