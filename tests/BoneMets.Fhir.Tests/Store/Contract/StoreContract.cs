using BoneMets.Fhir.Store;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Tests.Store.Contract;

/// <summary>
/// One provider's store, fresh for one test: the instance the test works on, others on the same data (a second
/// instance, or a restarted one), and row counts read directly.
/// </summary>
public interface IStoreUnderTest : IAsyncDisposable
{
    IDurableStore Store { get; }

    /// <summary>Another instance on the same data, opened as the service opens its store, with its own instance id.</summary>
    Task<IDurableStore> OpenAnotherAsync(TimeSpan? leaseDuration = null);

    /// <summary>One number read with SQL both providers understand.</summary>
    Task<long> ScalarAsync(string sql);
}

/// <summary>
/// The store contract (ADR 0019): every test is written once against <see cref="IDurableStore"/> and runs on each
/// provider through a subclass that says how to open a fresh store (Providers.cs). The PostgreSQL subclasses skip
/// locally without a server and fail on CI without one (<see cref="PostgresServer"/>).
/// </summary>
public abstract class StoreContract : IAsyncLifetime
{
    private IStoreUnderTest? temp;

    protected IStoreUnderTest Temp => temp ?? throw new InvalidOperationException("The store is opened in InitializeAsync.");

    protected IDurableStore Store => Temp.Store;

    protected abstract Task<IStoreUnderTest> OpenStoreAsync();

    public async Task InitializeAsync() => temp = await OpenStoreAsync();

    public async Task DisposeAsync()
    {
        if (temp is not null)
        {
            await temp.DisposeAsync();
        }
    }
}
