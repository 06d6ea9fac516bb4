using System.Globalization;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Worklist;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BoneMets.Fhir.Service.Coordinator.Pages;

/// <summary>A referral's page: the case, the clocks, the timeline and the coordinator's actions.</summary>
public sealed class ReferralModel(WorklistReader reader, CoordinatorActions actions, CoordinatorAudit audit, ProgramOptions program, TimeProvider clock) : PageModel
{
    private readonly TimeZoneInfo zone = program.ResolveTimeZone();

    public ReferralView? View { get; private set; }

    public DateTimeOffset Now { get; private set; }

    public IReadOnlyList<TimelineEntry> Timeline { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(string taskId, CancellationToken cancellationToken)
    {
        ViewData["Program"] = program.Name;
        Now = clock.GetUtcNow();
        View = await reader.ReferralAsync(taskId, cancellationToken);
        await audit.RecordAsync(User.CoordinatorName(), "view-referral", $"Task/{taskId}", View is null ? "not found" : "shown", View is not null, Address, cancellationToken);
        if (View is null)
        {
            return NotFound();
        }

        Timeline = ReferralTimeline.Of(View);
        return Page();
    }

    public Task<IActionResult> OnPostRecordOutreachAsync(string taskId, int version, CancellationToken cancellationToken) =>
        ActAsync(taskId, "record-outreach", "Outreach recorded.", actions.RecordOutreachAsync(taskId, version, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostMissingDataReceivedAsync(string taskId, int version, string requestId, CancellationToken cancellationToken) =>
        ActAsync(taskId, "missing-data-received", "Marked received.", actions.MissingDataReceivedAsync(taskId, version, requestId, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostBookVisitAsync(string taskId, int version, CancellationToken cancellationToken) =>
        ActAsync(taskId, "book-visit", "Visit booked on the earliest free slot; the referrer is being told.", actions.BookVisitAsync(taskId, version, cancellationToken), cancellationToken);

    public async Task<IActionResult> OnPostBookByHandAsync(string taskId, int version, string? start, int minutes, CancellationToken cancellationToken)
    {
        var (visit, refusal) = ManualVisit.Read(start, minutes, zone, clock.GetUtcNow());
        if (visit is null)
        {
            Message = "Not booked: " + refusal;
            return RedirectToPage(new { taskId });
        }

        return await ActAsync(taskId, "book-visit-by-hand", "Visit booked; the referrer is being told.", actions.BookByHandAsync(taskId, version, visit, cancellationToken), cancellationToken);
    }

    public async Task<IActionResult> OnPostCloseAsync(string taskId, int version, string? reason, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            Message = "Not done: give the reason the referrer will read.";
            return RedirectToPage(new { taskId });
        }

        return await ActAsync(taskId, "decline-or-cancel", "The referral is closed and the referrer told why.", actions.CloseAsync(taskId, version, reason.Trim(), cancellationToken), cancellationToken);
    }

    /// <summary>A code as a coordinator reads it: its text, else its first coding's display, else that coding's code.</summary>
    public static string LabelOf(CodeableConcept? code) =>
        code?.Text ?? code?.Coding.FirstOrDefault()?.Display ?? code?.Coding.FirstOrDefault()?.Code ?? "(uncoded)";

    public static string ValueOf(DataType? value) => value switch
    {
        Quantity q => string.Create(CultureInfo.InvariantCulture, $"{q.Value} {q.Unit}").Trim(),
        Integer i => i.Value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
        CodeableConcept c => c.Text ?? c.Coding.FirstOrDefault()?.Display ?? c.Coding.FirstOrDefault()?.Code ?? string.Empty,
        FhirBoolean b => b.Value == true ? "yes" : "no",
        PrimitiveType p => p.ToString() ?? string.Empty,
        _ => string.Empty,
    };

    public bool SchedulingConfigured => actions.SchedulingConfigured;

    public string ZoneId => zone.Id;

    /// <summary>An instant as an HTML datetime-local value in the program's time zone.</summary>
    public string LocalInput(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    public string Format(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, zone).ToString("ddd d MMM yyyy HH:mm", CultureInfo.InvariantCulture);

    private string? Address => HttpContext.Connection.RemoteIpAddress?.ToString();

    private async Task<IActionResult> ActAsync(string taskId, string activity, string done, Task<ActionOutcome> action, CancellationToken cancellationToken)
    {
        var outcome = await action;
        await audit.RecordAsync(User.CoordinatorName(), activity, $"Task/{taskId}", outcome.ToString(), outcome is ActionOutcome.Done or ActionOutcome.AlreadyDone, Address, cancellationToken);
        Message = WorklistModel.Said(outcome, done);
        return RedirectToPage(new { taskId });
    }
}
