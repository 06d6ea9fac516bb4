using BoneMets.Fhir.Audit;

namespace BoneMets.Fhir.Service.Coordinator;

/// <summary>
/// One AuditEvent per coordinator view and action, in the service's one audit trail (ADR 0020): who (the coordinator's
/// user name), what (the Task's reference, never patient details), the activity and its outcome. A sign-in is a Login.
/// </summary>
public sealed class CoordinatorAudit(IAuditTrail trail)
{
    public const string Site = "coordinator-worklist";

    /// <summary>A page viewed (<paramref name="what"/> null for the worklist itself) or an action taken, and how it ended.</summary>
    public Task RecordAsync(
        string coordinator, string activity, string? what, string outcome, bool success, string? address, CancellationToken cancellationToken)
    {
        var interaction = activity switch
        {
            "view-worklist" or "view-referral" => AuditInteraction.Read,
            "sign-in" => AuditInteraction.Login,
            _ => AuditInteraction.Update,
        };
        return trail.RecordAsync(new AuditRecord(interaction, success ? AuditOutcome.Success : AuditOutcome.Refused, outcome,
            new AuditAgent(coordinator, AuditAgentKind.User, address), Site, what is null ? [] : [what], Activity: activity), cancellationToken);
    }
}
