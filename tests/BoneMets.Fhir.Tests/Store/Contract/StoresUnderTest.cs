using BoneMets.Fhir.Store;
using BoneMets.Fhir.Store.Postgres;
using Microsoft.Extensions.Logging.Abstractions;

namespace BoneMets.Fhir.Tests.Store.Contract;

/// <summary>The embedded store in a temporary directory (<see cref="TempStore"/>).</summary>
public sealed class SqliteUnderTest(TempStore temp) : IStoreUnderTest
{
    public IDurableStore Store => temp.Store;

    public static async Task<IStoreUnderTest> OpenAsync() => new SqliteUnderTest(await TempStore.OpenAsync());

    public async Task<IDurableStore> OpenAnotherAsync() => await temp.OpenAnotherAsync();

    public Task<long> ScalarAsync(string sql) => Task.FromResult(temp.Scalar(sql));

    public ValueTask DisposeAsync()
    {
        temp.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>A PostgreSQL store on a database of its own, migrated as the service migrates it at startup.</summary>
public sealed class PostgresUnderTest(TestDatabase database, TimeSpan? leaseDuration) : IStoreUnderTest
{
    private readonly List<PostgresStore> opened = [];

    public IDurableStore Store => opened[0];

    public TestDatabase Database => database;

    public static async Task<PostgresUnderTest> OpenAsync(TimeSpan? leaseDuration = null)
    {
        var under = new PostgresUnderTest(await PostgresServer.CreateDatabaseAsync(), leaseDuration);
        await under.OpenAnotherAsync();
        return under;
    }

    public async Task<IDurableStore> OpenAnotherAsync()
    {
        var store = new PostgresStore(database.ConnectionString, NullLogger<PostgresStore>.Instance, leaseDuration);
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
