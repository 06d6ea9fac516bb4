namespace BoneMets.Fhir.Store;

/// <summary>
/// The store refused a write because someone else got there first: the caller's lease on a row was taken over by
/// another instance (the row is theirs now), or an optimistic version check failed. Provider-neutral: the SQLite and
/// PostgreSQL stores both throw it, and callers catch it instead of a driver's exception. The caller's work is not
/// lost, only not its to record; it must not retry the write blindly.
/// </summary>
public sealed class StoreConflictException(string message) : Exception(message);
