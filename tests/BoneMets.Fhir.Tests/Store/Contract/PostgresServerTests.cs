using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Tests.Store.Contract;

public sealed class PostgresServerTests
{
    [SkippableFact]
    public async Task CreateDatabaseAsync_TwoCalls_TwoEmptyDatabasesDroppedOnDispose()
    {
        string firstName;
        await using (var first = await PostgresServer.CreateDatabaseAsync())
        await using (var second = await PostgresServer.CreateDatabaseAsync())
        {
            firstName = first.Name;
            Assert.NotEqual(first.Name, second.Name);
            Assert.Equal(0, await first.ScalarAsync("SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'"));
        }

        await using var probe = await PostgresServer.CreateDatabaseAsync();
        Assert.Equal(0, await probe.ScalarAsync($"SELECT COUNT(*) FROM pg_database WHERE datname = '{firstName}'"));
    }
}
