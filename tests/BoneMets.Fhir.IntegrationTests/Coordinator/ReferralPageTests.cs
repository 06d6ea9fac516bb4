using BoneMets.Fhir.IntegrationTests.WriteBack;
using BoneMets.Fhir.Tests.Scheduling;
using BoneMets.Fhir.Store;
using BoneMets.Fhir.Worklist;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using BoneMets.Fhir.Testing;
using FhirTask = Hl7.Fhir.Model.Task;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.Coordinator;

/// <summary>
/// Each action on a referral's page, in the browser, and its FHIR effect read back through the API and at the
/// referrer's (stub) FHIR server through the outbox. Scheduling is off: "Book visit" books the time entered by hand.
/// </summary>
public sealed class ReferralPageTests(WorklistBrowser browser) : IClassFixture<WorklistBrowser>, IDisposable
{
    internal const string Routine = "04-renal-humerus-pain-only.json";
    internal const string Thin = "08-prostate-thin-referral.json";
    internal const string StaleMessage = "Not done: the referral changed since this page was opened. Check it again and retry.";

    // Wednesday 2 December 2026, 10:00 in London (GMT).
    private readonly MovableClock clock = new(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero));
    private readonly FakePartnerServer partner = new();

    public void Dispose() => partner.Dispose();

    internal static readonly Dictionary<string, string> London = new() { ["Program:TimeZone"] = "Europe/London", ["Coordinator:RefreshSeconds"] = "0" };

    private async Task<(BoneMetsHost Host, string BaseUrl, string TaskId)> StartAsync(string sample = Routine, IReadOnlyDictionary<string, string>? extra = null)
    {
        var settings = WriteBackHost.Settings(partner, extra: new Dictionary<string, string>(London.Concat(extra ?? new Dictionary<string, string>())));
        var (host, baseUrl) = await WorklistBrowser.StartAsync(clock, settings, "alice", "bob");
        var task = await WorklistPageTests.ReferAsync(host, sample);
        await WriteBackHost.SettledAsync(host);
        return (host, baseUrl, task);
    }

    internal static async Task<IPage> OpenAsync(IBrowser browser, string baseUrl, string taskId, string coordinator = "alice")
    {
        var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await WorklistBrowser.SignInAsync(page, baseUrl, coordinator);
        await page.GotoAsync($"{baseUrl}/coordinator/referrals/{taskId}");
        return page;
    }

    /// <summary>The outbox settled with one more delivery per action; each action's reason once.</summary>
    private static async Task<IReadOnlyList<string>> ReasonsDeliveredAsync(BoneMetsHost host, int expected)
    {
        var deliveries = await WriteBackHost.SettledAsync(host, expected);
        Assert.All(deliveries, d => Assert.Equal(DeliveryStatus.Done, d.Status));
        return [.. deliveries.OrderBy(d => d.Sequence).Select(d => d.Reason)];
    }

    [Fact]
    public async Task RecordOutreach_OnTheReferralPage_RequestCompletedCommunicationRecordedReferrerInformedOnce()
    {
        var (host, baseUrl, taskId) = await StartAsync();
        using var _ = host;
        var page = await OpenAsync(browser.Browser, baseUrl, taskId);
        await WorklistBrowser.AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Record outreach" }).DblClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("Outreach recorded.|Already done: nothing was changed."));
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Record outreach" })).ToHaveCountAsync(0);
        var task = await host.GetAsync<FhirTask>($"/fhir/Task/{taskId}");
        Assert.Equal(("3.0", FhirTask.TaskStatus.Accepted), (task.BusinessStatus.Coding[0].Code, task.Status!.Value));
        var communicationRef = Assert.Single(task.Output.Select(o => o.Value).OfType<ResourceReference>(), r => r.Reference!.StartsWith("Communication/", StringComparison.Ordinal));
        var communication = await host.GetAsync<Communication>("/fhir/" + communicationRef.Reference);
        Assert.Equal(EventStatus.Completed, communication.Status);
        var outreach = await host.GetAsync<CommunicationRequest>("/fhir/" + communication.BasedOn.Single().Reference);
        Assert.Equal(RequestStatus.Completed, outreach.Status);
        Assert.Equal(["processed", CoordinatorActions.OutreachReason], await ReasonsDeliveredAsync(host, 2));
        // The Communication is the program's own, like its triage record: the referrer's Task points at it on this service.
        Assert.Contains(partner.All<FhirTask>().Single().Output.Select(o => o.Value).OfType<ResourceReference>(),
            r => r.Reference!.EndsWith($"/Communication/{communication.Id}", StringComparison.Ordinal));
        Assert.Contains(partner.All<CommunicationRequest>(), c => c.Identifier.Any(i => i.Value == outreach.Id) && c.Status == RequestStatus.Completed);
        await Assertions.Expect(page.Locator("#timeline + ol li[data-kind='outreach']")).ToHaveCountAsync(1);
        await WorklistBrowser.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task RecordOutreach_FromTheWorklistRow_DoneAndTheRowSaysSo()
    {
        var (host, baseUrl, taskId) = await StartAsync();
        using var _ = host;
        var page = await browser.Browser.NewPageAsync();
        await WorklistBrowser.SignInAsync(page, baseUrl, "alice");

        await page.Locator($"tr[data-task='{taskId}']").GetByRole(AriaRole.Button, new() { Name = "Record outreach" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Outreach recorded.");
        await Assertions.Expect(page.Locator($"tr[data-task='{taskId}']")).ToContainTextAsync("done");
        Assert.Equal(["processed", CoordinatorActions.OutreachReason], await ReasonsDeliveredAsync(host, 2));
    }

    [Fact]
    public async Task BookVisit_ByHand_AppointmentBookedTask511OnceAndOnTheTimeline()
    {
        var (host, baseUrl, taskId) = await StartAsync();
        using var _ = host;
        var page = await OpenAsync(browser.Browser, baseUrl, taskId);

        await page.GetByLabel("Visit date and time (Europe/London)").FillAsync("2026-12-04T14:30");
        await page.GetByLabel("Length in minutes").FillAsync("45");
        await page.GetByRole(AriaRole.Button, new() { Name = "Book visit" }).DblClickAsync();

        await Assertions.Expect(page.Locator("#timeline + ol li[data-kind='booked']")).ToContainTextAsync("Visit booked for Fri 4 Dec 2026 14:30");
        var task = await host.GetAsync<FhirTask>($"/fhir/Task/{taskId}");
        Assert.Equal(("5.1.1", FhirTask.TaskStatus.InProgress), (task.BusinessStatus.Coding[0].Code, task.Status!.Value));
        var appointments = await host.GetAsync<Bundle>($"/fhir/Appointment?status=booked");
        var appointment = (Appointment)Assert.Single(appointments.Entry).Resource;
        Assert.Equal((new DateTimeOffset(2026, 12, 4, 14, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 4, 15, 15, 0, TimeSpan.Zero)), (appointment.Start!.Value, appointment.End!.Value));
        Assert.Empty(appointment.Slot);
        Assert.Equal(["processed", CoordinatorActions.BookedByHandReason], await ReasonsDeliveredAsync(host, 2));
        Assert.Contains(partner.All<Appointment>(), a => a.Status == Appointment.AppointmentStatus.Booked && a.Start == appointment.Start);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Book visit" })).ToHaveCountAsync(0);
        await WorklistBrowser.AssertAccessibleAsync(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(host.DataDirectory, "referral.png"), FullPage = true });
        Screenshots.Keep(Path.Combine(host.DataDirectory, "referral.png"), "coordinator-referral.png");
    }

    [Fact]
    public async Task BookVisit_SchedulingConfigured_EarliestFreeSlotBeforeTheDeadlineOnTheServer()
    {
        using var scheduling = ClinicSchedule.Server();
        // The background pass runs once at start-up (before the referral) and then not for an hour: the coordinator books.
        var settings = new Dictionary<string, string>(Lifecycle.LifecycleHost.Settings(scheduling)) { ["Scheduling:PollInterval"] = "01:00:00" };
        var (host, baseUrl, taskId) = await StartAsync(extra: settings);
        using var _ = host;
        scheduling.AddSlot("later", clock.GetUtcNow().AddHours(30));
        scheduling.AddSlot("soon", clock.GetUtcNow().AddHours(26));
        var page = await OpenAsync(browser.Browser, baseUrl, taskId);

        await page.GetByRole(AriaRole.Button, new() { Name = "Book visit", Exact = true }).DblClickAsync();

        await Assertions.Expect(page.Locator("#timeline + ol li[data-kind='booked']")).ToHaveCountAsync(1);
        var appointment = (Appointment)Assert.Single((await host.GetAsync<Bundle>("/fhir/Appointment?status=booked")).Entry).Resource;
        Assert.Equal("Slot/soon", appointment.Slot.Single().Reference);
        Assert.Equal((Slot.SlotStatus.Busy, Slot.SlotStatus.Free), (scheduling.SlotById("soon").Status, scheduling.SlotById("later").Status));
        Assert.Single(scheduling.Appointments(), a => a.Status == Appointment.AppointmentStatus.Booked);
        Assert.Equal("5.1.1", (await host.GetAsync<FhirTask>($"/fhir/Task/{taskId}")).BusinessStatus.Coding[0].Code);
        Assert.Equal(["processed", Scheduling.Scheduler.BookedReason], (await ReasonsDeliveredAsync(host, 2)).Where(r => !r.StartsWith("escalation:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task BookVisit_ByHandInThePast_RefusedByTheServiceEvenWithoutTheBrowsersCheck()
    {
        var (host, baseUrl, taskId) = await StartAsync();
        using var _ = host;
        var page = await OpenAsync(browser.Browser, baseUrl, taskId);

        await page.Locator("#visit-start").EvaluateAsync("e => e.removeAttribute('min')");
        await page.GetByLabel("Visit date and time (Europe/London)").FillAsync("2026-12-01T09:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Book visit" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Not booked: The visit must be in the future.");
        Assert.Equal("3.0", (await host.GetAsync<FhirTask>($"/fhir/Task/{taskId}")).BusinessStatus.Coding[0].Code);
        Assert.Empty((await host.GetAsync<Bundle>("/fhir/Appointment?status=booked")).Entry);
    }

    [Fact]
    public async Task MissingDataReceived_OneRequest_CompletedTheOthersStillOutstanding()
    {
        var (host, baseUrl, taskId) = await StartAsync(Thin);
        using var _ = host;
        var page = await OpenAsync(browser.Browser, baseUrl, taskId);
        var buttons = page.GetByRole(AriaRole.Button, new() { Name = "Missing data received" });
        var outstanding = await buttons.CountAsync();
        Assert.True(outstanding > 1, "the thin referral lacks several inputs");
        var requestId = await page.Locator("input[name='requestId']").First.GetAttributeAsync("value");

        await buttons.First.ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Marked received.");
        await Assertions.Expect(buttons).ToHaveCountAsync(outstanding - 1);
        Assert.Equal(RequestStatus.Completed, (await host.GetAsync<CommunicationRequest>($"/fhir/CommunicationRequest/{requestId}")).Status);
        Assert.Equal(["processed", CoordinatorActions.MissingDataReason], await ReasonsDeliveredAsync(host, 2));
        Assert.Contains(partner.All<CommunicationRequest>(), c => c.Identifier.Any(i => i.Value == requestId) && c.Status == RequestStatus.Completed);
    }

    [Fact]
    public async Task DeclineOrCancel_WithAReason_TaskCancelledWithStatusReasonSentToTheReferrerAndOffTheWorklist()
    {
        var (host, baseUrl, taskId) = await StartAsync();
        using var _ = host;
        var page = await OpenAsync(browser.Browser, baseUrl, taskId);

        await page.GetByLabel("Reason to decline or cancel").FillAsync("The patient chose treatment at another hospital.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Decline or cancel" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The referral is closed and the referrer told why.");
        var task = await host.GetAsync<FhirTask>($"/fhir/Task/{taskId}");
        // Every referral is accepted (3.0) at triage, so closing it cancels the fulfilment (6.0); 4.0 is only reachable from 2.0.
        Assert.Equal(("6.0", FhirTask.TaskStatus.Cancelled, "The patient chose treatment at another hospital."),
            (task.BusinessStatus.Coding[0].Code, task.Status!.Value, task.StatusReason.Text));
        var appointment = (Appointment)Assert.Single((await host.GetAsync<Bundle>("/fhir/Appointment?status=cancelled")).Entry).Resource;
        Assert.Equal("The patient chose treatment at another hospital.", appointment.CancelationReason.Text);
        Assert.Equal(["processed", CoordinatorActions.ClosedReason], await ReasonsDeliveredAsync(host, 2));
        Assert.Contains(partner.All<FhirTask>(), t => t.StatusReason?.Text == "The patient chose treatment at another hospital." && t.Status == FhirTask.TaskStatus.Cancelled);
        await Assertions.Expect(page.Locator("#timeline + ol li[data-kind='statuschanged']")).ToContainTextAsync("(6.0): The patient chose treatment at another hospital.");
        await page.GotoAsync($"{baseUrl}/coordinator/");
        await Assertions.Expect(page.Locator($"tr[data-task='{taskId}']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task TwoCoordinators_DifferentActionsAtOnce_OneEffectTheOtherToldThePageIsStale()
    {
        var (host, baseUrl, taskId) = await StartAsync();
        using var _ = host;
        var alice = await OpenAsync(browser.Browser, baseUrl, taskId, "alice");
        var bob = await OpenAsync(browser.Browser, baseUrl, taskId, "bob");
        await bob.GetByLabel("Visit date and time (Europe/London)").FillAsync("2026-12-04T14:30");

        await Task.WhenAll(
            alice.GetByRole(AriaRole.Button, new() { Name = "Record outreach" }).ClickAsync(),
            bob.GetByRole(AriaRole.Button, new() { Name = "Book visit" }).ClickAsync());

        await Assertions.Expect(alice.GetByRole(AriaRole.Status)).ToBeVisibleAsync();
        await Assertions.Expect(bob.GetByRole(AriaRole.Status)).ToBeVisibleAsync();
        var told = new[] { await alice.GetByRole(AriaRole.Status).InnerTextAsync(), await bob.GetByRole(AriaRole.Status).InnerTextAsync() };
        Assert.Single(told, t => t == StaleMessage);
        Assert.Single(told, t => t is "Outreach recorded." or "Visit booked; the referrer is being told.");
        var task = await host.GetAsync<FhirTask>($"/fhir/Task/{taskId}");
        var contacted = task.Output.Any(o => (o.Value as ResourceReference)?.Reference?.StartsWith("Communication/", StringComparison.Ordinal) == true);
        var booked = task.BusinessStatus.Coding[0].Code == "5.1.1";
        Assert.True(contacted ^ booked, $"exactly one effect: contacted {contacted}, booked {booked}");
        Assert.Equal(2, (await ReasonsDeliveredAsync(host, 2)).Count);
    }

    [Fact]
    public async Task TwoCoordinators_SameActionAtOnce_DoneOnceTheOtherToldItIsDone()
    {
        var (host, baseUrl, taskId) = await StartAsync();
        using var _ = host;
        var alice = await OpenAsync(browser.Browser, baseUrl, taskId, "alice");
        var bob = await OpenAsync(browser.Browser, baseUrl, taskId, "bob");

        await Task.WhenAll(
            alice.GetByRole(AriaRole.Button, new() { Name = "Record outreach" }).ClickAsync(),
            bob.GetByRole(AriaRole.Button, new() { Name = "Record outreach" }).ClickAsync());

        await Assertions.Expect(alice.GetByRole(AriaRole.Status)).ToBeVisibleAsync();
        await Assertions.Expect(bob.GetByRole(AriaRole.Status)).ToBeVisibleAsync();
        var told = new[] { await alice.GetByRole(AriaRole.Status).InnerTextAsync(), await bob.GetByRole(AriaRole.Status).InnerTextAsync() };
        Assert.Equal(["Already done: nothing was changed.", "Outreach recorded."], told.Order(StringComparer.Ordinal));
        Assert.Equal(["processed", CoordinatorActions.OutreachReason], await ReasonsDeliveredAsync(host, 2));
        Assert.Single(partner.All<FhirTask>().Single().Output.Select(o => o.Value).OfType<ResourceReference>(),
            r => r.Reference!.Contains("/Communication/", StringComparison.Ordinal));
    }
}
