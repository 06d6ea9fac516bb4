namespace BoneMets.Fhir.Store;

/// <summary>
/// The store refused a write because someone else got there first: the caller's lease on a row was taken over by
/// another instance (the row is theirs now), or an optimistic version check failed (<see cref="StaleRecordException"/>).
/// Provider-neutral: the SQLite and PostgreSQL stores both throw it, and callers catch it instead of a driver's
/// exception. Nothing of the refused write was applied.
/// </summary>
public class StoreConflictException(string message) : Exception(message);

/// <summary>
/// A commit was decided from versions that are no longer current (another commit about the same referral landed in
/// between): nothing was written; read the record again, decide again, commit again.
/// </summary>
public sealed class StaleRecordException(string message) : StoreConflictException(message);
