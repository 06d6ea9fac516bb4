using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Store;

/// <summary>
/// One change to a referral after it was first processed (booked, cancelled, escalated …): the write-back
/// resources as they now stand, keyed by the referral they belong to, and why they changed.
/// </summary>
public sealed record ReferralChange(string ReferralKey, string Reason, IReadOnlyList<Resource> Resources)
{
    /// <summary>
    /// The versions the change was decided from ("Type/id" → version; 0: not stored): committed only while each is
    /// still current, else <see cref="StaleRecordException"/> and nothing written. Empty: not checked.
    /// </summary>
    public IReadOnlyDictionary<string, int> Expected { get; init; } = new Dictionary<string, int>();
}

/// <summary>
/// Commits a referral change: its resources are written and — once the outbox exists (issue 6) — its delivery to
/// the referrer is queued, in one local transaction, so a change is never stored without being sent or sent
/// without being stored.
/// </summary>
public interface IReferralChanges
{
    /// <summary>Writes the change and queues its delivery in one transaction, after checking <see cref="ReferralChange.Expected"/>.</summary>
    Task CommitChangeAsync(ReferralChange change, DateTimeOffset now, CancellationToken cancellationToken);
}
