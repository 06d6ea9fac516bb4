using BoneMets.Fhir.Lifecycle;
using BoneMets.Fhir.Store;
using Hl7.Fhir.Model;
using Task = Hl7.Fhir.Model.Task;

namespace BoneMets.Fhir.Worklist;

/// <summary>What happened to a referral, for its timeline.</summary>
public enum TimelineKind { Received, Triaged, Outreach, Booked, StatusChanged, WriteBack }

/// <summary>
/// One line of a referral's timeline: when, what kind, what the coordinator reads, and — for a booking — when the
/// visit is (the page formats instants in the program's time zone).
/// </summary>
public sealed record TimelineEntry(DateTimeOffset At, TimelineKind Kind, string What, DateTimeOffset? VisitAt = null);

/// <summary>
/// A referral's timeline from what the store holds: received (the clock's start), triaged (the triage record's
/// time), outreach (each Communication the coordinator recorded), each move of the Task's business status (booked,
/// declined, cancelled, attended …, with the coordinator's reason when there is one) read from the Task's stored
/// versions, and each write-back delivery to the referrer with where it stands (delivered, pending, parked). Pure.
/// </summary>
public static class ReferralTimeline
{
    public static IReadOnlyList<TimelineEntry> Of(ReferralView view)
    {
        var entries = new List<TimelineEntry> { new(view.Row.Received, TimelineKind.Received, "Referral received; the clocks start") };
        if (view.Source.Triage?.Occurrence is FhirDateTime triaged && triaged.TryToDateTimeOffset(out var at))
        {
            entries.Add(new(at, TimelineKind.Triaged, $"Triaged {view.Row.Urgency.ToString().ToLowerInvariant()}"));
        }

        entries.AddRange(view.Communications
            .Where(c => c.SentElement?.TryToDateTimeOffset(out _) == true)
            .Select(c => new TimelineEntry(c.SentElement!.ToDateTimeOffset(TimeSpan.Zero), TimelineKind.Outreach, "Patient contacted: outreach recorded")));
        entries.AddRange(StatusMoves(view.TaskHistory, view.Source.Record.Appointment));
        entries.AddRange(view.Source.Deliveries.Select(d => new TimelineEntry(
            d.CreatedAt, TimelineKind.WriteBack, $"Referrer informed ({Describe(d.Reason)}) by {Channel(d.Channel)}: {Informed(d.Status)}")));
        // Within a second, what happened comes before the delivery telling the referrer (the outbox stores whole
        // milliseconds, the Task's lastModified finer: a change can otherwise look later than its own delivery).
        return [.. entries.OrderBy(e => e.At.ToUnixTimeSeconds()).ThenBy(e => e.Kind).ThenBy(e => e.At)];
    }

    /// <summary>Each stored Task version whose business status differs from the one before, at its lastModified.</summary>
    private static IEnumerable<TimelineEntry> StatusMoves(IReadOnlyList<Task> history, Appointment? appointment)
    {
        for (var i = 1; i < history.Count; i++)
        {
            if (BusinessStatus.Of(history[i]) is not { } status || status == BusinessStatus.Of(history[i - 1])
                || history[i].LastModifiedElement?.ToDateTimeOffset(TimeSpan.Zero) is not { } at)
            {
                continue;
            }

            var reason = history[i].StatusReason?.Text is { Length: > 0 } text ? $": {text}" : "";
            yield return status == BusinessStatus.Scheduled
                ? new TimelineEntry(at, TimelineKind.Booked, "Visit booked", BookedStart(appointment))
                : new TimelineEntry(at, TimelineKind.StatusChanged, $"{status.Display} ({status.Code}){reason}");
        }
    }

    private static DateTimeOffset? BookedStart(Appointment? appointment) =>
        appointment is { Status: Appointment.AppointmentStatus.Booked or Appointment.AppointmentStatus.Fulfilled or Appointment.AppointmentStatus.Noshow } ? appointment.Start : null;

    public static string Informed(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Done => "delivered",
        DeliveryStatus.Pending or DeliveryStatus.Processing => "pending",
        DeliveryStatus.Parked => "parked",
        _ => "discarded by an operator",
    };

    private static string Channel(DeliveryChannel channel) => channel == DeliveryChannel.Fhir ? "its FHIR server" : "message";

    /// <summary>The outbox's reason for a delivery, in the coordinator's words.</summary>
    private static string Describe(string reason) => reason switch
    {
        "processed" => "triage and plan",
        "response" => "response message",
        ReferralCompletion.CancelledReason => "the referrer's cancellation",
        Scheduling.BookedVisits.AttendedReason => "visit outcome",
        "escalation:no-slot" => "no free slot: the coordinator was alerted",
        "escalation:deadline" => "deadline near and unbooked: the coordinator was alerted",
        CoordinatorActions.OutreachReason => "outreach",
        CoordinatorActions.MissingDataReason => "missing data received",
        CoordinatorActions.ClosedReason => "declined or cancelled",
        CoordinatorActions.BookedByHandReason or Scheduling.Scheduler.BookedReason => "visit booked",
        _ => reason,
    };
}
