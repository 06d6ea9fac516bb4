using BoneMets.Fhir.Fhir;
using Hl7.Fhir.Model;
using Task = Hl7.Fhir.Model.Task;

namespace BoneMets.Fhir.Lifecycle;

/// <summary>
/// A referral's write-back as it stands: the Task the referrer follows, the referral ServiceRequest, the
/// program's Appointment and the CommunicationRequests based on the Task. Any part may be missing (a
/// cancellation can arrive before the referral was processed).
/// </summary>
public sealed record ReferralRecord(
    string ReferralKey, Task? Task, ServiceRequest? ServiceRequest, Appointment? Appointment, IReadOnlyList<CommunicationRequest> Requests)
{
    public BusinessStatus? Status => Task is null ? null : BusinessStatus.Of(Task);

    public bool IsCancelled => Status is { TaskStatus: Task.TaskStatus.Cancelled };

    /// <summary>
    /// When the program first held this referral: the stored Task's restriction start (the clocks' start, ADR 0018)
    /// when it is earlier than <paramref name="arrived"/>, else <paramref name="arrived"/> — so a re-sent referral keeps
    /// its first receipt and its deadlines do not restart.
    /// </summary>
    public DateTimeOffset ReceivedBefore(DateTimeOffset arrived) =>
        Task?.Restriction?.Period?.StartElement?.ToDateTimeOffset(TimeSpan.Zero) is { } first && first < arrived ? first : arrived;

    /// <summary>The record among resources about to be written (a plan's, before it is committed).</summary>
    public static ReferralRecord From(string referralKey, IReadOnlyList<Resource> resources, string taskId)
    {
        var task = resources.OfType<Task>().FirstOrDefault(t => t.Id == taskId);
        var serviceRequestId = References.Of(task?.Focus?.Reference)?.Id;
        var appointmentId = DeterministicId.For(referralKey, "appointment");
        return new ReferralRecord(
            referralKey,
            task,
            resources.OfType<ServiceRequest>().FirstOrDefault(s => s.Id == serviceRequestId),
            resources.OfType<Appointment>().FirstOrDefault(a => a.Id == appointmentId),
            [.. resources.OfType<CommunicationRequest>().Where(r => r.BasedOn.Any(b => b.Reference == $"Task/{taskId}"))]);
    }

    /// <summary><paramref name="resources"/> with each changed resource in place of the one with its type and id.</summary>
    public static IReadOnlyList<Resource> Replace(IReadOnlyList<Resource> resources, IReadOnlyList<Resource> changed)
    {
        var byKey = changed.ToDictionary(r => $"{r.TypeName}/{r.Id}", StringComparer.Ordinal);
        return [.. resources.Select(r => byKey.TryGetValue($"{r.TypeName}/{r.Id}", out var c) ? c : r)];
    }
}
