using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Store;

public sealed partial class SqliteStore : IReferralChanges
{
    /// <summary>Writes the change and, in the same transaction, queues the delivery of what actually changed (ADR 0011).</summary>
    public Task CommitChangeAsync(ReferralChange change, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var prepared = Prepare(change.Resources);
        return WriteAsync(async (connection, transaction) =>
        {
            await CheckVersionsAsync(connection, transaction, change.Expected, cancellationToken);
            var changed = await UpsertAsync(connection, transaction, prepared, now, cancellationToken);
            await RecordOwnersAsync(connection, transaction, change.ReferralKey, change.ReferralKey, prepared, cancellationToken);
            await QueueDeliveriesAsync(connection, transaction, change.ReferralKey, change.Reason, changed, now, cancellationToken);
            return 0;
        }, cancellationToken);
    }
}
