using BoneMets.Fhir.Service.Coordinator;
using Microsoft.Extensions.Time.Testing;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.Coordinator;

/// <summary>Local accounts over a real coordinators.db: hashing, failed-sign-in counting, lockout and its end.</summary>
public sealed class CoordinatorAccountsTests : IDisposable
{
    private const string Right = "correct-horse-battery";
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly string directory = Path.Combine(Path.GetTempPath(), "bonemets-accounts-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero));
    private readonly CoordinatorAccounts accounts;

    public CoordinatorAccountsTests() => accounts = new CoordinatorAccounts(directory, new CoordinatorOptions { MaxFailedSignIns = 3, LockoutFor = TimeSpan.FromMinutes(10) }, clock);

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private async Task FailAsync(int times)
    {
        for (var i = 0; i < times; i++)
        {
            await accounts.SignInAsync("alice", "wrong-" + i, None);
        }
    }

    [Fact]
    public async Task SignIn_RightPassword_SuccessAndNoPlainPasswordStored()
    {
        Assert.True(await accounts.AddAsync("alice", Right, None));

        Assert.Equal((SignInResult.Success, (DateTimeOffset?)null), await accounts.SignInAsync("alice", Right, None));
        Assert.DoesNotContain(Right, await File.ReadAllTextAsync(accounts.DatabasePath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_UnknownNameOrWrongPassword_Failed()
    {
        await accounts.AddAsync("alice", Right, None);

        Assert.Equal(SignInResult.Failed, (await accounts.SignInAsync("mallory", Right, None)).Result);
        Assert.Equal(SignInResult.Failed, (await accounts.SignInAsync("alice", Right + "x", None)).Result);
        Assert.Equal(SignInResult.Failed, (await accounts.SignInAsync("Alice", Right, None)).Result); // names are exact
    }

    [Fact]
    public async Task SignIn_MaxFailuresInARow_LockedUntilTheLockoutEndsEvenWithTheRightPassword()
    {
        await accounts.AddAsync("alice", Right, None);
        await FailAsync(2);

        Assert.Equal((SignInResult.LockedOut, clock.GetUtcNow().AddMinutes(10)), await accounts.SignInAsync("alice", "wrong-3", None));
        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(SignInResult.LockedOut, (await accounts.SignInAsync("alice", Right, None)).Result);
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(SignInResult.Success, (await accounts.SignInAsync("alice", Right, None)).Result);
    }

    [Fact]
    public async Task SignIn_AfterALockoutRanOut_AWrongPasswordStartsAFreshCount()
    {
        await accounts.AddAsync("alice", Right, None);
        await FailAsync(3);
        clock.Advance(TimeSpan.FromMinutes(11));

        Assert.Equal(SignInResult.Failed, (await accounts.SignInAsync("alice", "wrong-again", None)).Result);
        Assert.Equal(SignInResult.Success, (await accounts.SignInAsync("alice", Right, None)).Result);
    }

    [Fact]
    public async Task SignIn_RightPasswordBetweenFailures_CountStartsAgain()
    {
        await accounts.AddAsync("alice", Right, None);
        await FailAsync(2);
        await accounts.SignInAsync("alice", Right, None);
        await FailAsync(2);

        Assert.Equal(SignInResult.Success, (await accounts.SignInAsync("alice", Right, None)).Result);
    }

    [Fact]
    public async Task Add_ExistingLockedAccount_FalsePasswordReplacedAndUnlocked()
    {
        await accounts.AddAsync("alice", Right, None);
        await FailAsync(3);

        Assert.False(await accounts.AddAsync("alice", "a-new-long-password", None));

        Assert.Equal(SignInResult.Success, (await accounts.SignInAsync("alice", "a-new-long-password", None)).Result);
        Assert.Equal(SignInResult.Failed, (await accounts.SignInAsync("alice", Right, None)).Result);
    }
}
