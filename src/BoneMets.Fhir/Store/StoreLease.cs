namespace BoneMets.Fhir.Store;

/// <summary>
/// A claim on one row of work (an inbox item, a delivery, a notification): the instance holding it
/// (<see cref="StoreOptions.InstanceId"/>), its fencing token and when it expires. The token is the row's claim
/// count, which every claim raises: a holder whose lease expired and was taken over no longer matches, so nothing it
/// writes afterwards lands (the store refuses it with <see cref="StoreConflictException"/>). A lease that expired but
/// was not taken over still completes: the token, not the clock, decides who owns the row.
/// </summary>
public sealed record StoreLease(string Owner, long Token, DateTimeOffset Until);
