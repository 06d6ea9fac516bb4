using BoneMets.Fhir.Service.Cli;
using BoneMets.Fhir.Service.Coordinator;

namespace BoneMets.Fhir.IntegrationTests.Cli;

/// <summary>"bonemets coordinators add NAME": the password rules and what is written.</summary>
public sealed class CoordinatorCommandsTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "bonemets-coordinators-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(string input, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CoordinatorCommands.RunAsync([.. args, "--data", directory], new StringReader(input), output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private Task<(SignInResult Result, DateTimeOffset? LockedUntil)> SignInAsync(string name, string password) =>
        new CoordinatorAccounts(directory, new CoordinatorOptions(), TimeProvider.System).SignInAsync(name, password, CancellationToken.None);

    [Fact]
    public async Task Add_PasswordOfTwelveCharacters_CreatedAndSignsIn()
    {
        var (exit, output, _) = await RunAsync("twelve-chars\n", "add", "alice");

        Assert.Equal(0, exit);
        Assert.Contains("Coordinator alice added", output, StringComparison.Ordinal);
        Assert.Equal(SignInResult.Success, (await SignInAsync("alice", "twelve-chars")).Result);
    }

    [Theory]
    [InlineData("eleven-char\n")]
    [InlineData("\n")]
    [InlineData("")]
    public async Task Add_PasswordTooShortOrMissing_RefusedAndNoAccount(string input)
    {
        var (exit, _, error) = await RunAsync(input, "add", "alice");

        Assert.Equal(2, exit);
        Assert.Contains("at least 12 characters", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(directory, "coordinators.db")));
    }

    [Fact]
    public async Task Add_PasswordWithSurroundingSpaces_KeptAsTyped()
    {
        await RunAsync("  spaced password  \n", "add", "alice");

        Assert.Equal(SignInResult.Success, (await SignInAsync("alice", "  spaced password  ")).Result);
        Assert.Equal(SignInResult.Failed, (await SignInAsync("alice", "spaced password")).Result);
    }

    [Theory]
    [InlineData("remove", "alice")]
    [InlineData("add", "--data")]
    [InlineData("add", " ")]
    public async Task Run_BadUsage_ExitTwoWithUsage(string verb, string name)
    {
        using var error = new StringWriter();

        Assert.Equal(2, await CoordinatorCommands.RunAsync([verb, name], new StringReader("long-enough-password\n"), TextWriter.Null, error));
        Assert.StartsWith("Usage: bonemets coordinators add NAME", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_Again_PasswordReplacedAndSaysSo()
    {
        await RunAsync("first-password-1\n", "add", "alice");

        var (exit, output, _) = await RunAsync("second-password-2\n", "add", "alice");

        Assert.Equal(0, exit);
        Assert.Contains("already existed", output, StringComparison.Ordinal);
        Assert.Equal(SignInResult.Success, (await SignInAsync("alice", "second-password-2")).Result);
    }
}
