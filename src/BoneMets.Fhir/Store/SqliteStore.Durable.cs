namespace BoneMets.Fhir.Store;

/// <summary>The embedded store as one of the providers (ADR 0019).</summary>
public sealed partial class SqliteStore : IDurableStore
{
    string IDurableStore.Location => DatabasePath;

    Task IDurableStore.OpenAsync(CancellationToken cancellationToken) => OpenAsync(cancellationToken);
}
