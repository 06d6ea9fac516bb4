using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Tests.Store.Contract;

// Each contract, once per provider: the same tests on the embedded SQLite file and on PostgreSQL.

public sealed class SqliteInboxContract : InboxContract
{
    protected override Task<IStoreUnderTest> OpenStoreAsync() => SqliteUnderTest.OpenAsync();
}

public sealed class PostgresInboxContract : InboxContract
{
    protected override async Task<IStoreUnderTest> OpenStoreAsync() => await PostgresUnderTest.OpenAsync();
}

public sealed class SqliteOutboxContract : OutboxContract
{
    protected override Task<IStoreUnderTest> OpenStoreAsync() => SqliteUnderTest.OpenAsync();
}

public sealed class PostgresOutboxContract : OutboxContract
{
    protected override async Task<IStoreUnderTest> OpenStoreAsync() => await PostgresUnderTest.OpenAsync();
}

public sealed class SqliteResourcesContract : ResourcesContract
{
    protected override Task<IStoreUnderTest> OpenStoreAsync() => SqliteUnderTest.OpenAsync();
}

public sealed class PostgresResourcesContract : ResourcesContract
{
    protected override async Task<IStoreUnderTest> OpenStoreAsync() => await PostgresUnderTest.OpenAsync();
}

public sealed class SqliteSubscriptionsContract : SubscriptionsContract
{
    protected override Task<IStoreUnderTest> OpenStoreAsync() => SqliteUnderTest.OpenAsync();
}

public sealed class PostgresSubscriptionsContract : SubscriptionsContract
{
    protected override async Task<IStoreUnderTest> OpenStoreAsync() => await PostgresUnderTest.OpenAsync();
}

public sealed class SqliteLeaseContract : LeaseContract
{
    protected override Task<IStoreUnderTest> OpenFreshAsync() => SqliteUnderTest.OpenAsync();
}

public sealed class PostgresLeaseContract : LeaseContract
{
    protected override async Task<IStoreUnderTest> OpenFreshAsync() => await PostgresUnderTest.OpenAsync();
}

public sealed class SqliteInstancesContract : InstancesContract
{
    protected override Task<IStoreUnderTest> OpenStoreAsync() => SqliteUnderTest.OpenAsync();
}

public sealed class PostgresInstancesContract : InstancesContract
{
    protected override async Task<IStoreUnderTest> OpenStoreAsync() => await PostgresUnderTest.OpenAsync();
}

public sealed class SqliteLeaderContract : LeaderContract
{
    protected override Task<IStoreUnderTest> OpenFreshAsync() => SqliteUnderTest.OpenAsync();
}

public sealed class PostgresLeaderContract : LeaderContract
{
    protected override async Task<IStoreUnderTest> OpenFreshAsync() => await PostgresUnderTest.OpenAsync();
}

public sealed class SqliteAuditContract : AuditContract
{
    protected override Task<IStoreUnderTest> OpenStoreAsync() => SqliteUnderTest.OpenAsync();
}

public sealed class PostgresAuditContract : AuditContract
{
    protected override async Task<IStoreUnderTest> OpenStoreAsync() => await PostgresUnderTest.OpenAsync();
}
