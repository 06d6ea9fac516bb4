using BoneMets.Fhir.Store;
using BoneMets.Fhir.WriteBack;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Service.Coordinator;

/// <summary>
/// One FHIR AuditEvent per coordinator view and action, in the store beside the referrals: who (the coordinator's
/// user name), what (the Task's reference, never patient details), the action and its outcome. Interim: the lead
/// merges it into the API's audit trail (issue 13) once both exist.
/// </summary>
public sealed class CoordinatorAudit(IResourceStore store, TimeProvider clock)
{
    private const string AuditEventType = "http://terminology.hl7.org/CodeSystem/audit-event-type";
    private const string RestfulInteraction = "http://hl7.org/fhir/restful-interaction";

    /// <summary>A page viewed (<paramref name="what"/> null for the worklist itself) or an action taken, and how it ended.</summary>
    public async System.Threading.Tasks.Task RecordAsync(
        string coordinator, string activity, string? what, string outcome, bool success, string? address, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var read = activity is "view-worklist" or "view-referral";
        var audit = new AuditEvent
        {
            Id = Guid.NewGuid().ToString("N"),
            Type = new Coding(AuditEventType, "rest", "Restful Operation"),
            Subtype = [new Coding(RestfulInteraction, read ? "read" : "update", read ? "read" : "update")],
            Action = read ? AuditEvent.AuditEventAction.R : AuditEvent.AuditEventAction.U,
            Recorded = now,
            Outcome = success ? AuditEvent.AuditEventOutcome.N0 : AuditEvent.AuditEventOutcome.N4,
            OutcomeDesc = outcome,
            Agent =
            [
                new AuditEvent.AgentComponent
                {
                    Who = new ResourceReference { Display = coordinator },
                    AltId = coordinator,
                    Requestor = true,
                    Network = address is null ? null : new AuditEvent.NetworkComponent { Address = address, Type = AuditEvent.AuditEventAgentNetworkType.N2 },
                },
            ],
            Source = new AuditEvent.SourceComponent { Observer = new ResourceReference(ProgramDirectory.DeviceReference), Site = "coordinator-worklist" },
            Entity = what is null ? [] : [new AuditEvent.EntityComponent { What = new ResourceReference(what), Description = activity }],
        };
        audit.Entity.Add(new AuditEvent.EntityComponent { Name = activity, Type = new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "4", "Other") });
        await store.UpsertAsync([audit], now, cancellationToken);
    }
}
