using BoneMets.Fhir.Store;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Tests.Lifecycle;

/// <summary>
/// The store's <see cref="IReferralChanges"/> with another instance's work slipped in once, just before the first change
/// of <paramref name="reason"/> commits: between this instance's read and its commit, where only the Task version check
/// (ADR 0015) can see it. The other instance writes to the store directly, under its own locks.
/// </summary>
public sealed class InterleavedChanges(IReferralChanges store, string reason, Func<Task> meanwhile) : IReferralChanges
{
    public bool Interleaved { get; private set; }

    public async Task CommitChangeAsync(ReferralChange change, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!Interleaved && change.Reason == reason)
        {
            Interleaved = true;
            await meanwhile();
        }

        await store.CommitChangeAsync(change, now, cancellationToken);
    }
}
