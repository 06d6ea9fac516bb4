using BoneMets.Fhir.Store;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace BoneMets.Fhir.Tests.Store;

/// <summary>A real SqliteStore in its own temporary directory, deleted on dispose.</summary>
public sealed class TempStore : IDisposable
{
    private readonly List<SqliteStore> opened = [];

    private TempStore(string directory) => DataDirectory = directory;

    public string DataDirectory { get; }

    public SqliteStore Store => opened[^1];

    public static async Task<TempStore> OpenAsync()
    {
        var temp = new TempStore(Path.Combine(Path.GetTempPath(), "bonemets-tests", Guid.NewGuid().ToString("N")));
        await temp.OpenAnotherAsync();
        return temp;
    }

    /// <summary>Another store on the same file: another instance, a restarted process, or the operator CLI alongside the service.</summary>
    public async Task<SqliteStore> OpenAnotherAsync(TimeSpan? leaseDuration = null)
    {
        var options = new BoneMets.Fhir.Store.StoreOptions { DataDirectory = DataDirectory };
        options.LeaseDuration = leaseDuration ?? options.LeaseDuration;
        var store = new SqliteStore(options, NullLogger<SqliteStore>.Instance);
        await store.OpenAsync(CancellationToken.None);
        opened.Add(store);
        return store;
    }

    /// <summary>One number from the database, read directly (e.g. row counts the API does not expose).</summary>
    public long Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(DataDirectory, "bonemets.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    public void Dispose()
    {
        opened.ForEach(s => s.Dispose());
        SqliteConnection.ClearAllPools();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
