using System.Text;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.WriteBack;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Audit;

/// <summary>
/// Builds the AuditEvent of one access or refusal after IHE Basic Audit Log Patterns (BALP, R4): type rest (a token
/// request: DICOM User Authentication / Login), subtype the restful interaction, action, recorded, outcome; the client
/// as Source Role ID (requestor, its network address) and this service as Destination Role ID; this service as source;
/// entities by reference only, the search as a redacted query (base64, as BALP carries it) and the X-Request-ID as the
/// transaction. No narrative, names, birth dates, identifiers or tokens: nothing in <see cref="AuditRecord"/> holds them.
/// </summary>
public static class AuditEventBuilder
{
    public const string AuditEventTypeSystem = "http://terminology.hl7.org/CodeSystem/audit-event-type";
    public const string RestfulInteractionSystem = "http://hl7.org/fhir/restful-interaction";
    public const string Dicom = "http://dicom.nema.org/resources/ontology/DCM";
    private const string EntityType = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    private const string EntityRole = "http://terminology.hl7.org/CodeSystem/object-role";
    private const string SourceType = "http://terminology.hl7.org/CodeSystem/security-source-type";
    private const string SecurityRoleType = "http://terminology.hl7.org/CodeSystem/extra-security-role-type";
    private const string BalpEntityType = "https://profiles.ihe.net/ITI/BALP/CodeSystem/BasicAuditEntityType";

    public static AuditEvent Build(AuditRecord record, string id, DateTimeOffset recorded)
    {
        var audit = new AuditEvent
        {
            Id = id,
            Type = record.Interaction == AuditInteraction.Login
                ? new Coding(Dicom, "110114", "User Authentication")
                : new Coding(AuditEventTypeSystem, "rest", "Restful Operation"),
            Subtype = [Subtype(record.Interaction)],
            Action = ActionOf(record.Interaction),
            Recorded = recorded,
            Outcome = record.Outcome switch
            {
                AuditOutcome.Success => AuditEvent.AuditEventOutcome.N0,
                AuditOutcome.Refused => AuditEvent.AuditEventOutcome.N4,
                _ => AuditEvent.AuditEventOutcome.N8,
            },
            OutcomeDesc = record.OutcomeDescription,
            Agent = [Requestor(record.Agent), Server()],
            Source = new AuditEvent.SourceComponent
            {
                Site = record.Site,
                Observer = new ResourceReference(ProgramDirectory.DeviceReference),
                Type = [new Coding(SourceType, "4", "Application Server")],
            },
        };
        audit.Entity.AddRange(record.Entities.Select(reference => Entity(reference, record.Activity)));
        if (record.SearchType is { } type)
        {
            var query = $"{type}?{AuditQuery.Redact(type, record.Query ?? [])}";
            audit.Entity.Add(new AuditEvent.EntityComponent
            {
                Type = new Coding(EntityType, "2", "System Object"),
                Role = new Coding(EntityRole, "24", "Query"),
                Query = Encoding.UTF8.GetBytes(query),
                Description = query,
            });
        }

        if (record.Activity is { } activity && record.Entities.Count == 0)
        {
            audit.Entity.Add(new AuditEvent.EntityComponent { Name = activity, Type = new Coding(EntityType, "4", "Other") });
        }

        if (record.RequestId is { } requestId)
        {
            audit.Entity.Add(new AuditEvent.EntityComponent
            {
                Type = new Coding(BalpEntityType, "XrequestId", "X-Request-Id"),
                What = new ResourceReference { Identifier = new Identifier { Value = requestId } },
            });
        }

        return audit;
    }

    /// <summary>BALP: reads are R; searches, operations and logins are E (the query is executed, not a record read).</summary>
    private static AuditEvent.AuditEventAction ActionOf(AuditInteraction interaction) => interaction switch
    {
        AuditInteraction.Read or AuditInteraction.VRead or AuditInteraction.HistoryInstance or AuditInteraction.Capabilities => AuditEvent.AuditEventAction.R,
        AuditInteraction.Create => AuditEvent.AuditEventAction.C,
        AuditInteraction.Update or AuditInteraction.Patch => AuditEvent.AuditEventAction.U,
        AuditInteraction.Delete => AuditEvent.AuditEventAction.D,
        _ => AuditEvent.AuditEventAction.E,
    };

    private static Coding Subtype(AuditInteraction interaction) => interaction switch
    {
        AuditInteraction.Login => new Coding(Dicom, "110122", "Login"),
        _ => new Coding(RestfulInteractionSystem, InteractionCode(interaction), InteractionCode(interaction)),
    };

    public static string InteractionCode(AuditInteraction interaction) => interaction switch
    {
        AuditInteraction.Read => "read",
        AuditInteraction.VRead => "vread",
        AuditInteraction.SearchType => "search-type",
        AuditInteraction.HistoryInstance => "history-instance",
        AuditInteraction.HistoryType => "history-type",
        AuditInteraction.Capabilities => "capabilities",
        AuditInteraction.Create => "create",
        AuditInteraction.Update => "update",
        AuditInteraction.Patch => "patch",
        AuditInteraction.Delete => "delete",
        AuditInteraction.Login => "login",
        _ => "operation",
    };

    private static AuditEvent.AgentComponent Requestor(AuditAgent agent) => new()
    {
        Type = agent.Kind == AuditAgentKind.User
            ? new CodeableConcept(SecurityRoleType, "humanuser", "human user")
            : new CodeableConcept(Dicom, "110153", "Source Role ID"),
        Who = new ResourceReference { Identifier = new Identifier { Value = agent.Id ?? AuditAgent.Unknown } },
        Requestor = true,
        Network = agent.Address is { } address ? new AuditEvent.NetworkComponent { Address = address, Type = AuditEvent.AuditEventAgentNetworkType.N2 } : null,
    };

    private static AuditEvent.AgentComponent Server() => new()
    {
        Type = new CodeableConcept(Dicom, "110152", "Destination Role ID"),
        Who = new ResourceReference(ProgramDirectory.DeviceReference),
        Requestor = false,
    };

    /// <summary>BALP: a Patient is the patient subject (type 1, role 1); anything else a domain resource (type 2, role 4).</summary>
    private static AuditEvent.EntityComponent Entity(string reference, string? activity)
    {
        var patient = reference.StartsWith("Patient/", StringComparison.Ordinal);
        return new AuditEvent.EntityComponent
        {
            What = new ResourceReference(reference),
            Type = patient ? new Coding(EntityType, "1", "Person") : new Coding(EntityType, "2", "System Object"),
            Role = patient ? new Coding(EntityRole, "1", "Patient") : new Coding(EntityRole, "4", "Domain Resource"),
            Description = activity,
        };
    }
}
