using BoneMets.Fhir.Service.Cli;
using BoneMets.Fhir.Tests.Store.Contract;

namespace BoneMets.Fhir.IntegrationTests.Cli;

/// <summary>"db migrate" and "db status" on both stores, and what they answer when they cannot.</summary>
public sealed class DbCommandsTests
{
    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await DbCommands.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData]
    [InlineData("upgrade")]
    public async Task RunAsync_NoOrUnknownVerb_UsageAndExit2(params string[] args)
    {
        var (exit, _, error) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.StartsWith("Usage: bonemets db migrate", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_PostgresWithoutConnectionString_Exit2NamingTheKey()
    {
        var (exit, _, error) = await RunAsync("migrate", "--Store:Provider", "postgres", "--Store:ConnectionString", "");

        Assert.Equal(2, exit);
        Assert.StartsWith("Store:ConnectionString is required when Store:Provider is postgres", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_PostgresUnreachable_Exit1()
    {
        var (exit, _, error) = await RunAsync("migrate", "--Store:Provider", "postgres", "--Store:ConnectionString", "Host=127.0.0.1;Port=1;Timeout=2");

        Assert.Equal(1, exit);
        Assert.StartsWith("The store refused:", error, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Migrate_FreshPostgres_AppliesTheScriptsOnceThenUpToDate()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync();
        string[] postgres = ["--Store:Provider", "postgres", "--Store:ConnectionString", database.ConnectionString];

        var before = await RunAsync(["status", .. postgres]);
        var first = await RunAsync(["migrate", .. postgres]);
        var second = await RunAsync(["migrate", .. postgres]);
        var after = await RunAsync(["status", .. postgres]);

        Assert.Equal((0, 0, 0, 0), (before.Exit, first.Exit, second.Exit, after.Exit));
        var scripts = BoneMets.Fhir.Store.Migrations.PostgresMigrations.Scripts;
        Assert.Contains($"0 migration(s) applied, {scripts.Count} pending", before.Output, StringComparison.Ordinal);
        Assert.Contains("  pending  0001_initial.sql", before.Output, StringComparison.Ordinal);
        Assert.Equal($"Applied {scripts.Count} migration(s): {string.Join(", ", scripts)}.", first.Output.Trim());
        Assert.Equal($"Up to date: {scripts.Count} migration(s) applied, the latest {scripts[^1]}.", second.Output.Trim());
        Assert.Contains("  applied  0001_initial.sql", after.Output, StringComparison.Ordinal);
        Assert.Equal(scripts.Count, await database.ScalarAsync("SELECT COUNT(*) FROM schema_versions"));
        Assert.Equal(0, await database.ScalarAsync("SELECT COUNT(*) FROM inbox"));
    }

    [Fact]
    public async Task Migrate_Sqlite_CreatesTheStoreFile()
    {
        var data = Directory.CreateTempSubdirectory("bonemets-db-").FullName;
        try
        {
            var (exit, output, _) = await RunAsync("migrate", "--data", data);

            Assert.Equal(0, exit);
            Assert.Contains("schema created or brought up to date", output, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(data, "bonemets.db")));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }
}
