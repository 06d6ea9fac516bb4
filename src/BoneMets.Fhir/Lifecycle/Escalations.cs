using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.WriteBack;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Lifecycle;

/// <summary>Why the program coordinator is alerted about a referral.</summary>
public enum EscalationKind
{
    /// <summary>No free Slot before the deadline on the routed team's Schedule.</summary>
    NoSlot,

    /// <summary>The deadline is near and the visit is still not booked.</summary>
    DeadlineApproaching,
}

/// <summary>
/// The CommunicationRequest that alerts the program coordinator. Its id derives from the referral and the kind,
/// and its content from the record and the given time only, so raising it again writes no new version.
/// </summary>
public static class Escalations
{
    public static string Role(EscalationKind kind) => kind switch
    {
        EscalationKind.NoSlot => "escalation:no-slot",
        _ => "escalation:deadline",
    };

    public static CommunicationRequest ToCoordinator(ReferralRecord record, EscalationKind kind, string coordinator, string reason, DateTimeOffset at)
    {
        var id = DeterministicId.For(record.ReferralKey, Role(kind));
        var task = record.Task!;
        return new CommunicationRequest
        {
            Id = id,
            Identifier = [new Identifier(CodeSystems.WriteBackIdentifier, id)],
            Status = RequestStatus.Active,
            Category =
            [
                new CodeableConcept(CodeSystems.CommunicationCategory, "notification", "Notification"),
                new CodeableConcept(CodeSystems.CommunicationCategory, "alert", "Alert"),
            ],
            Priority = RequestPriority.Urgent,
            Subject = task.For is null ? null : new ResourceReference(task.For.Reference),
            BasedOn = [new ResourceReference($"Task/{task.Id}"), .. task.Focus is null ? Array.Empty<ResourceReference>() : [new ResourceReference(task.Focus.Reference)]],
            Recipient = [new ResourceReference(coordinator)],
            Sender = new ResourceReference(ProgramDirectory.OrganizationReference),
            Requester = new ResourceReference(ProgramDirectory.OrganizationReference),
            AuthoredOn = FhirTime.Of(at),
            Occurrence = task.Restriction?.Period?.End is { } deadline ? new Period { Start = FhirTime.Of(at), End = deadline } : new FhirDateTime(FhirTime.Of(at)),
            Payload = [new CommunicationRequest.PayloadComponent { Content = new FhirString(reason) }],
        };
    }
}
