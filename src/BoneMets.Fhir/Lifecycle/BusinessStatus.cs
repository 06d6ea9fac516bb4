using BoneMets.Fhir.Terminology;
using Hl7.Fhir.Model;
using TaskStatus = Hl7.Fhir.Model.Task.TaskStatus;

namespace BoneMets.Fhir.Lifecycle;

/// <summary>
/// A BSeR Task.businessStatus (TaskBusinessStatusCS) with the Task.status and ServiceRequest.status the BSeR
/// reference engine pairs it with (standards.md §2), so one code sets all three and they can never disagree
/// (the profiles' bm-task-1 checks the Task half).
/// </summary>
public sealed record BusinessStatus(string Code, string Display, TaskStatus TaskStatus, RequestStatus ServiceRequestStatus)
{
    public static readonly BusinessStatus Created = new("2.0", "Service Request Created", TaskStatus.Requested, RequestStatus.Active);
    public static readonly BusinessStatus Accepted = new("3.0", "Service Request Accepted", TaskStatus.Accepted, RequestStatus.Active);
    public static readonly BusinessStatus Declined = new("4.0", "Service Request Declined", TaskStatus.Rejected, RequestStatus.Revoked);
    public static readonly BusinessStatus Scheduled = new("5.1.1", "Service Request Event Scheduled", TaskStatus.InProgress, RequestStatus.Active);
    public static readonly BusinessStatus Unattended = new("5.1.2", "Scheduled Service Request Event Unattended", TaskStatus.InProgress, RequestStatus.Active);
    public static readonly BusinessStatus EventCancelled = new("5.1.3", "Scheduled Service Request Event Cancelled", TaskStatus.Cancelled, RequestStatus.Revoked);
    public static readonly BusinessStatus EventCompleted = new("5.1.4", "Service Request Event Completed", TaskStatus.Completed, RequestStatus.Completed);
    public static readonly BusinessStatus CancellationRequested = new("5.2", "Service Request Cancellation Requested", TaskStatus.InProgress, RequestStatus.Active);
    public static readonly BusinessStatus FulfilmentCancelled = new("6.0", "Service Request Fulfillment Cancelled", TaskStatus.Cancelled, RequestStatus.Revoked);
    public static readonly BusinessStatus FulfilmentCompleted = new("7.0", "Service Request Fulfillment Completed", TaskStatus.Completed, RequestStatus.Completed);

    public static readonly IReadOnlyList<BusinessStatus> All =
        [Created, Accepted, Declined, Scheduled, Unattended, EventCancelled, EventCompleted, CancellationRequested, FulfilmentCancelled, FulfilmentCompleted];

    /// <summary>Nothing follows a terminal status: the referral is over (4.0 declined, 5.1.3 or 6.0 cancelled, 7.0 completed).</summary>
    public bool IsTerminal => Next.Count == 0;

    public CodeableConcept Concept => new(CodeSystems.BserTaskBusinessStatus, Code, Display);

    public static BusinessStatus? Of(string? code) => All.FirstOrDefault(s => s.Code == code);

    /// <summary>The status a Task carries now: its BSeR businessStatus when it has one.</summary>
    public static BusinessStatus? Of(Hl7.Fhir.Model.Task task) =>
        Of(task.BusinessStatus?.Coding.FirstOrDefault(c => c.System == CodeSystems.BserTaskBusinessStatus)?.Code);

    /// <summary>
    /// Where the program may go from here. The referrer's cancellation (6.0) is allowed from any live status;
    /// terminal statuses go nowhere, so a late or reordered message can never revive a cancelled referral.
    /// </summary>
    public IReadOnlyList<BusinessStatus> Next => Code switch
    {
        "2.0" => [Accepted, Declined, FulfilmentCancelled],
        "3.0" => [Scheduled, CancellationRequested, FulfilmentCancelled, FulfilmentCompleted],
        "5.1.1" => [Unattended, EventCancelled, EventCompleted, CancellationRequested, FulfilmentCancelled],
        "5.1.2" => [Scheduled, FulfilmentCancelled],
        "5.2" => [FulfilmentCancelled, Scheduled],
        "5.1.4" => [FulfilmentCompleted],
        _ => [],
    };

    public bool CanMoveTo(BusinessStatus next) => Next.Contains(next);

    /// <summary>How far along a referral is, so a replay (which plans 3.0 again) never moves a Task backwards.</summary>
    public int Progress => Code switch
    {
        "2.0" => 0,
        "3.0" => 1,
        "5.1.1" or "5.1.2" or "5.2" => 2,
        "5.1.4" => 3,
        _ => 4, // 4.0, 5.1.3, 6.0, 7.0: terminal
    };
}
