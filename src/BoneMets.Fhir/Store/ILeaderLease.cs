namespace BoneMets.Fhir.Store;

/// <summary>
/// Leadership of a loop that must run on one instance at a time (ADR 0015): the scheduler (booking, slot release and the
/// escalation timer), and each partner's subscription feed (Subscription keeper, reconciliation poll, notification
/// processing). Work that can be claimed item by item (inbox, outbox, notifications) uses leases on its rows instead;
/// leadership is for loops whose work is a whole pass over shared state (a partner's safe point and event counters, the
/// scheduling server's slots).
/// <para>
/// Contract: <see cref="TryLeadAsync"/> takes the named lease for this instance, or renews it when this instance already
/// holds it, until <c>now</c> + <see cref="StoreOptions.LeaseDuration"/>; it never takes a live lease of another
/// instance, and takes an expired one. The holder calls it again at least every
/// <see cref="StoreOptions.RenewEvery"/> while its pass runs, and stops the pass when it returns false.
/// SQLite: a row per loop in <c>store_leases</c>. PostgreSQL may implement it with a session advisory lock on the name,
/// which its connection holds until it is released or dies (then "renewing" is checking the lock is still held).
/// </para>
/// </summary>
public interface ILeaderLease
{
    /// <summary>True when this instance leads <paramref name="loop"/> now (taken or renewed until now + the lease duration).</summary>
    Task<bool> TryLeadAsync(string loop, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Gives up leading <paramref name="loop"/> (the host stops), so another instance need not wait out the lease; nothing when another leads it.</summary>
    Task ResignAsync(string loop, CancellationToken cancellationToken);
}
