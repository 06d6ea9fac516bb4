using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Store;

public sealed partial class SqliteStore : IReferralChanges
{
    public Task CommitChangeAsync(ReferralChange change, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await UpsertAsync(connection, transaction, change.Resources, now, cancellationToken);
            return 0;
        }, cancellationToken);
}
