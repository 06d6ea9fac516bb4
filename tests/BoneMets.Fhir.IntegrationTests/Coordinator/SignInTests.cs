using Microsoft.Playwright;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.Coordinator;

public class SignInTests(WorklistBrowser browser) : IClassFixture<WorklistBrowser>
{
    private static readonly MovableClock Clock = new(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Worklist_NotSignedIn_SignInFormFirstThenTheWorklist()
    {
        var (host, baseUrl) = await WorklistBrowser.StartAsync(Clock, coordinators: "alice");
        using var _ = host;
        var page = await browser.Browser.NewPageAsync();

        await page.GotoAsync($"{baseUrl}/coordinator/");
        Assert.Contains("/coordinator/sign-in", page.Url, StringComparison.Ordinal);
        await WorklistBrowser.AssertAccessibleAsync(page);
        await WorklistBrowser.SignInAsync(page, baseUrl, "alice");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Open referrals" })).ToBeVisibleAsync();
        Assert.Equal(
            ["Patient", "Urgency", "Received", "Outreach due", "Visit due", "Routes", "Missing data", "Referrer informed", "Action"],
            await page.Locator("table thead th").AllInnerTextsAsync());
        await WorklistBrowser.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task SignIn_RepeatedWrongPasswords_LockedEvenForTheRightOne()
    {
        var (host, baseUrl) = await WorklistBrowser.StartAsync(Clock, coordinators: "alice");
        using var _ = host;
        var page = await browser.Browser.NewPageAsync();

        for (var i = 1; i <= 4; i++)
        {
            await WorklistBrowser.SignInAsync(page, baseUrl, "alice", "wrong-password-" + i);
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The user name or password is not right.");
        }

        await WorklistBrowser.SignInAsync(page, baseUrl, "alice", "wrong-password-5");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("locked");
        await WorklistBrowser.SignInAsync(page, baseUrl, "alice");

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("locked");
        await WorklistBrowser.AssertAccessibleAsync(page);
        Assert.Contains("/coordinator/sign-in", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_UnknownUser_SameAnswerAsAWrongPassword()
    {
        var (host, baseUrl) = await WorklistBrowser.StartAsync(Clock, coordinators: "alice");
        using var _ = host;
        var page = await browser.Browser.NewPageAsync();

        await WorklistBrowser.SignInAsync(page, baseUrl, "mallory", "whatever-password");

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The user name or password is not right.");
    }
}
