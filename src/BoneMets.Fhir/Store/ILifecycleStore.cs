using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Store;

/// <summary>
/// What the lifecycle must remember beyond the resources: that a referrer cancelled a referral (possibly before
/// the referral itself was processed), and which once-only actions (an escalation, a slot released) are done.
/// </summary>
public interface ILifecycleStore
{
    /// <summary>Records a cancellation; the first one recorded for a referral stands. True when this one was new.</summary>
    Task<bool> RecordCancellationAsync(string referralKey, DateTimeOffset requestedAt, DateTimeOffset statusTime, CancellationToken cancellationToken);

    /// <summary>When the referrer's cancellation was recorded; null when the referral was never cancelled.</summary>
    Task<DateTimeOffset?> CancelledAtAsync(string referralKey, CancellationToken cancellationToken);

    /// <summary>Sets a marker; false when it was already set (someone did this already).</summary>
    Task<bool> MarkAsync(string referralKey, string kind, DateTimeOffset at, CancellationToken cancellationToken);

    Task<bool> IsMarkedAsync(string referralKey, string kind, CancellationToken cancellationToken);
}
