using Hl7.Fhir.Model;
using Microsoft.Playwright;
using FhirTask = Hl7.Fhir.Model.Task;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.Coordinator;

public class WorklistPageTests(WorklistBrowser browser) : IClassFixture<WorklistBrowser>
{
    // A London program open 08:00–17:00 on weekdays; after-hours referrals are due by noon the next business day.
    internal static readonly Dictionary<string, string> OfficeHours = new()
    {
        ["Program:TimeZone"] = "Europe/London",
        ["Program:BusinessDay:Opens"] = "08:00:00",
        ["Program:BusinessDay:MorningEnds"] = "12:00:00",
        ["Program:BusinessDay:Closes"] = "17:00:00",
        ["Program:BusinessDay:Weekend"] = "Saturday,Sunday",
        ["Coordinator:RefreshSeconds"] = "1",
    };

    internal static async Task<string> ReferAsync(BoneMetsHost host, string sample)
    {
        var response = await host.PostMessageAsync(Samples.Referral(sample));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var task = BoneMetsHost.AnnouncedTask((Bundle)await BoneMetsHost.ReadFhirAsync(response));
        await host.WaitForAsync<FhirTask>("/fhir/" + task);
        return task["Task/".Length..];
    }

    [Fact]
    public async Task Worklist_AcrossTheClose_EmergencyFirstOverdueMarkedAfterHoursDueNextMorning()
    {
        // Wednesday 2 December 2026, 16:30 in London (GMT): a routine referral, due by 17:00 today.
        var clock = new MovableClock(new DateTimeOffset(2026, 12, 2, 16, 30, 0, TimeSpan.Zero));
        var (host, baseUrl) = await WorklistBrowser.StartAsync(clock, OfficeHours, "alice");
        using var _ = host;
        var routineBeforeClose = await ReferAsync(host, "04-renal-humerus-pain-only.json");
        var page = await browser.Browser.NewPageAsync();
        await WorklistBrowser.SignInAsync(page, baseUrl, "alice");
        var rows = page.Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("Wed 2 Dec 17:00");

        // 17:30: past the close. An emergency and a routine referral arrive after hours; the open page picks them up.
        clock.Advance(TimeSpan.FromHours(1));
        var emergencyAfterHours = await ReferAsync(host, "02-prostate-thoracic-mscc.json");
        var routineAfterHours = await ReferAsync(host, "08-prostate-thin-referral.json");
        await Assertions.Expect(rows).ToHaveCountAsync(3, new() { Timeout = 30_000 });

        Assert.Equal([emergencyAfterHours, routineBeforeClose, routineAfterHours], await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.task)"));
        var before = page.Locator($"tr[data-task='{routineBeforeClose}']");
        await Assertions.Expect(before.Locator(".overdue").First).ToContainTextAsync("overdue by 30 min");
        foreach (var late in new[] { emergencyAfterHours, routineAfterHours })
        {
            var row = page.Locator($"tr[data-task='{late}']");
            await Assertions.Expect(row).ToContainTextAsync("Thu 3 Dec 12:00");
            await Assertions.Expect(row).ToContainTextAsync("received after hours: due next business morning");
        }

        await WorklistBrowser.AssertAccessibleAsync(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(host.DataDirectory, "worklist.png"), FullPage = true });
        Screenshots.Keep(Path.Combine(host.DataDirectory, "worklist.png"), "coordinator-worklist.png");

        // The Task's clock starts at receipt: the routine referral's restriction period starts at 16:30.
        var task = await host.GetAsync<FhirTask>($"/fhir/Task/{routineBeforeClose}");
        Assert.StartsWith("2026-12-02T16:30", task.Restriction.Period.Start, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Worklist_Filters_UrgencyAndOverdue()
    {
        var clock = new MovableClock(new DateTimeOffset(2026, 12, 2, 16, 30, 0, TimeSpan.Zero));
        var (host, baseUrl) = await WorklistBrowser.StartAsync(clock, OfficeHours, "alice");
        using var _ = host;
        var routine = await ReferAsync(host, "04-renal-humerus-pain-only.json");
        clock.Advance(TimeSpan.FromHours(1));
        var emergency = await ReferAsync(host, "02-prostate-thoracic-mscc.json");
        var page = await browser.Browser.NewPageAsync();
        await WorklistBrowser.SignInAsync(page, baseUrl, "alice");

        await page.GetByLabel("Urgency").SelectOptionAsync("emergency");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        Assert.Equal([emergency], await page.Locator("tbody tr").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.task)"));

        await page.GetByLabel("Urgency").SelectOptionAsync("");
        await page.GetByLabel("Overdue only").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        Assert.Equal([routine], await page.Locator("tbody tr").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.task)"));
    }
}
