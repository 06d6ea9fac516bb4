namespace BoneMets.Fhir.Store;

/// <summary>
/// Everything the service keeps, behind one provider (<see cref="StoreOptions.Provider"/>, ADR 0019): the
/// embedded SQLite file or a PostgreSQL database several instances share. Only the store folder knows which; the rest
/// of the service sees the interfaces this one combines.
/// </summary>
public interface IDurableStore :
    IReferralInbox, IResourceStore, IReferralChanges, ILifecycleStore, IDeliveryOutbox, IAssertionReplayCache, ISubscriptionStore, IAuditStore, ILeaderLease, IDisposable
{
    /// <summary>Where the data is, for an operator: the SQLite file's path, or the PostgreSQL host and database (never a password).</summary>
    string Location { get; }

    /// <summary>This instance's name in the leases it takes (<see cref="StoreOptions.InstanceId"/>).</summary>
    string InstanceId { get; }

    /// <summary>Brings the schema up to date (under a lock when instances share the store) before the service serves.</summary>
    Task OpenAsync(CancellationToken cancellationToken);
}
