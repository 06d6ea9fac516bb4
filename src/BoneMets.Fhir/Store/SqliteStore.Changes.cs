using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Store;

public sealed partial class SqliteStore : IReferralChanges
{
    public Task CommitChangeAsync(ReferralChange change, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var prepared = Prepare(change.Resources);
        return WriteAsync(async (connection, transaction) =>
        {
            await UpsertAsync(connection, transaction, prepared, now, cancellationToken);
            return 0;
        }, cancellationToken);
    }
}
