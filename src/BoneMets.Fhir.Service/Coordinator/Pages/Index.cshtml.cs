using System.Globalization;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Triage;
using BoneMets.Fhir.Worklist;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BoneMets.Fhir.Service.Coordinator.Pages;

/// <summary>The worklist: a thin page over <see cref="WorklistReader"/> and <see cref="WorklistOrder"/>.</summary>
public sealed class WorklistModel(
    WorklistReader reader, CoordinatorActions actions, CoordinatorAudit audit, CoordinatorOptions options, ProgramOptions program, TimeProvider clock) : PageModel
{
    private readonly TimeZoneInfo zone = program.ResolveTimeZone();

    public IReadOnlyList<WorklistRow> Rows { get; private set; } = [];

    public WorklistFilter Filter { get; private set; } = new();

    public string? UrgencyFilter { get; private set; }

    public DateTimeOffset Now { get; private set; }

    public int RefreshSeconds => options.RefreshSeconds;

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(string? urgency, string? route, bool overdue, CancellationToken cancellationToken)
    {
        ViewData["Program"] = program.Name;
        Now = clock.GetUtcNow();
        UrgencyFilter = urgency;
        Filter = new WorklistFilter(Enum.TryParse<Urgency>(urgency, ignoreCase: true, out var u) ? u : null, string.IsNullOrEmpty(route) ? null : route, overdue);
        Rows = WorklistOrder.Arrange(await reader.OpenReferralsAsync(cancellationToken), Filter, Now);
        await audit.RecordAsync(User.CoordinatorName(), "view-worklist", null, $"{Rows.Count} rows", true, HttpContext.Connection.RemoteIpAddress?.ToString(), cancellationToken);
    }

    public async Task<IActionResult> OnPostRecordOutreachAsync(string taskId, int version, CancellationToken cancellationToken)
    {
        var outcome = await actions.RecordOutreachAsync(taskId, version, cancellationToken);
        await audit.RecordAsync(User.CoordinatorName(), "record-outreach", $"Task/{taskId}", outcome.ToString(), outcome is ActionOutcome.Done or ActionOutcome.AlreadyDone, HttpContext.Connection.RemoteIpAddress?.ToString(), cancellationToken);
        Message = Said(outcome, "Outreach recorded.");
        return RedirectToPage();
    }

    /// <summary>What the coordinator is told after an action.</summary>
    public static string Said(ActionOutcome outcome, string done) => outcome switch
    {
        ActionOutcome.Done => done,
        ActionOutcome.AlreadyDone => "Already done: nothing was changed.",
        ActionOutcome.Stale => "Not done: the referral changed since this page was opened. Check it again and retry.",
        ActionOutcome.NoSlot => "Not booked: no free slot on the team's schedule before the deadline. Book a time by hand.",
        ActionOutcome.SchedulingUnavailable => "Not booked: the scheduling server did not answer. Try again, or book a time by hand.",
        _ => "Not done: no such referral.",
    };

    public static string Informed(ReferrerInformed informed) => informed switch
    {
        ReferrerInformed.Delivered => "delivered",
        ReferrerInformed.Pending => "pending",
        ReferrerInformed.Parked => "parked (see deliveries)",
        _ => "no write-back route",
    };

    public string Format(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("ddd d MMM HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"in 3 h 20 min" or "overdue by 40 min".</summary>
    public string Countdown(DateTimeOffset due)
    {
        var left = due - Now;
        var span = left.Duration();
        var text = span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes} min" : $"{span.Minutes} min";
        return left > TimeSpan.Zero ? $"in {text}" : $"overdue by {text}";
    }
}
