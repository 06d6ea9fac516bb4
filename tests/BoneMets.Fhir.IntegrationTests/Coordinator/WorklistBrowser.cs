using BoneMets.Fhir.Service.Cli;
using Deque.AxeCore.Playwright;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Playwright;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.Coordinator;

/// <summary>
/// A clock the test moves: real timers (the workers' waits still pass), an instant that starts where the test says
/// and moves when it says, so a worklist can be read on either side of the close of business.
/// </summary>
public sealed class MovableClock(DateTimeOffset start) : TimeProvider
{
    private readonly DateTimeOffset realStart = System.GetUtcNow();
    private TimeSpan moved;

    public override DateTimeOffset GetUtcNow() => start + (System.GetUtcNow() - realStart) + moved;

    public void Advance(TimeSpan by) => moved += by;
}

/// <summary>
/// One headless Debian chromium for a test class (Playwright launches it by path: BONEMETS_CHROMIUM, else
/// /usr/bin/chromium; .ci/run installs it), and the service on a real Kestrel port for each test.
/// </summary>
public sealed class WorklistBrowser : IAsyncLifetime
{
    public const string Password = "correct-horse-battery";

    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var path = Environment.GetEnvironmentVariable("BONEMETS_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"No chromium at {path}: apt-get install -y chromium (as .ci/run does), or set BONEMETS_CHROMIUM.");
        }

        // Page loads wait on the service's own work (a commit under the referral's lock, a worker pass): on a loaded
        // two-core CI machine 5 s (Playwright's default) is not always enough; an expectation still fails when unmet.
        Assertions.SetDefaultExpectTimeout(15_000);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright?.Dispose();
    }

    /// <summary>The service on Kestrel with the movable clock, and local coordinator accounts made by the real command.</summary>
    public static async Task<(BoneMetsHost Host, string BaseUrl)> StartAsync(MovableClock clock, IReadOnlyDictionary<string, string>? settings = null, params string[] coordinators)
    {
        var host = new BoneMetsHost(configure: s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)), settings: settings);
        foreach (var name in coordinators)
        {
            Assert.Equal(0, await CoordinatorCommands.RunAsync(["add", name, "--data", host.DataDirectory], new StringReader(Password + "\n"), TextWriter.Null, TextWriter.Null));
        }

        host.UseKestrel(0);
        host.StartServer();
        return (host, host.ClientOptions.BaseAddress.ToString().TrimEnd('/'));
    }

    public static async Task SignInAsync(IPage page, string baseUrl, string name, string password = Password)
    {
        await page.GotoAsync($"{baseUrl}/coordinator/");
        await page.GetByLabel("User name").FillAsync(name);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>No serious or critical axe-core violation on the page as it stands.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(", ", v.Nodes.Select(n => n.Html))}").ToList();
        Assert.True(bad.Count == 0, $"{page.Url}: " + string.Join("\n", bad));
    }
}
