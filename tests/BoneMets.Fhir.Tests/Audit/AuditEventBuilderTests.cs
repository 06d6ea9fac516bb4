using System.Text;
using BoneMets.Fhir.Audit;
using BoneMets.Fhir.Fhir;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Tests.Audit;

public class AuditEventBuilderTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 1, 30, 0, TimeSpan.Zero);
    private static readonly AuditAgent Client = new("hospital-a-engine", AuditAgentKind.Client, "10.1.2.3");

    private static AuditEvent Build(AuditRecord record) => AuditEventBuilder.Build(record, "a1", At);

    private static AuditRecord Read(string reference, AuditOutcome outcome = AuditOutcome.Success, AuditAgent? agent = null) =>
        new(AuditInteraction.Read, outcome, "200", agent ?? Client, AuditRecord.FhirApiSite, [reference], RequestId: "req-1");

    [Fact]
    public void Build_Read_RestReadActionRWithTheClientAsRequestorAndTheServiceAsDestination()
    {
        var audit = Build(Read("Task/t1"));

        Assert.Equal(("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest"), (audit.Type.System, audit.Type.Code));
        Assert.Equal(("http://hl7.org/fhir/restful-interaction", "read"), (audit.Subtype.Single().System, audit.Subtype.Single().Code));
        Assert.Equal(AuditEvent.AuditEventAction.R, audit.Action);
        Assert.Equal(At, audit.Recorded);
        Assert.Equal(AuditEvent.AuditEventOutcome.N0, audit.Outcome);
        var requestor = audit.Agent.Single(a => a.Requestor == true);
        Assert.Equal(("110153", "hospital-a-engine", "10.1.2.3", AuditEvent.AuditEventAgentNetworkType.N2),
            (requestor.Type.Coding.Single().Code, requestor.Who.Identifier.Value, requestor.Network.Address, requestor.Network.Type));
        var server = audit.Agent.Single(a => a.Requestor == false);
        Assert.Equal(("110152", "Device/bonemets-fhir"), (server.Type.Coding.Single().Code, server.Who.Reference));
        Assert.Equal(("fhir-api", "Device/bonemets-fhir", "4"), (audit.Source.Site, audit.Source.Observer.Reference, audit.Source.Type.Single().Code));
    }

    [Fact]
    public void Build_Entities_PatientAsPatientSubjectOthersAsDomainResourceAndTheRequestIdAsTransaction()
    {
        var audit = Build(new AuditRecord(AuditInteraction.Read, AuditOutcome.Success, null, Client, "fhir-api", ["Patient/p1", "Task/t1"], RequestId: "req-7"));

        Assert.Equal(
            [("Patient/p1", "1", "1"), ("Task/t1", "2", "4")],
            audit.Entity.Where(e => e.What?.Reference is not null).Select(e => (e.What.Reference, e.Type.Code, e.Role.Code)));
        var transaction = audit.Entity.Single(e => e.Type.Code == "XrequestId");
        Assert.Equal("req-7", transaction.What.Identifier.Value);
    }

    [Theory]
    [InlineData(AuditOutcome.Success, AuditEvent.AuditEventOutcome.N0)]
    [InlineData(AuditOutcome.Refused, AuditEvent.AuditEventOutcome.N4)]
    [InlineData(AuditOutcome.Failed, AuditEvent.AuditEventOutcome.N8)]
    public void Build_Outcome_BalpCodes(AuditOutcome outcome, AuditEvent.AuditEventOutcome expected) =>
        Assert.Equal(expected, Build(Read("Task/t1", outcome)).Outcome);

    [Theory]
    [InlineData(200, AuditOutcome.Success)]
    [InlineData(304, AuditOutcome.Success)]
    [InlineData(401, AuditOutcome.Refused)]
    [InlineData(403, AuditOutcome.Refused)]
    [InlineData(404, AuditOutcome.Refused)]
    [InlineData(429, AuditOutcome.Refused)]
    [InlineData(500, AuditOutcome.Failed)]
    [InlineData(503, AuditOutcome.Failed)]
    public void OutcomeOf_HttpStatus_SuccessRefusedOrFailed(int status, AuditOutcome expected) =>
        Assert.Equal(expected, AuditRecord.OutcomeOf(status));

    [Theory]
    [InlineData(AuditInteraction.Read, "read", AuditEvent.AuditEventAction.R)]
    [InlineData(AuditInteraction.VRead, "vread", AuditEvent.AuditEventAction.R)]
    [InlineData(AuditInteraction.SearchType, "search-type", AuditEvent.AuditEventAction.E)]
    [InlineData(AuditInteraction.HistoryInstance, "history-instance", AuditEvent.AuditEventAction.R)]
    [InlineData(AuditInteraction.Operation, "operation", AuditEvent.AuditEventAction.E)]
    [InlineData(AuditInteraction.Create, "create", AuditEvent.AuditEventAction.C)]
    [InlineData(AuditInteraction.Update, "update", AuditEvent.AuditEventAction.U)]
    [InlineData(AuditInteraction.Delete, "delete", AuditEvent.AuditEventAction.D)]
    public void Build_Interaction_SubtypeAndAction(AuditInteraction interaction, string subtype, AuditEvent.AuditEventAction action)
    {
        var audit = Build(new AuditRecord(interaction, AuditOutcome.Success, null, Client, "fhir-api", []));

        Assert.Equal((subtype, action), (audit.Subtype.Single().Code, audit.Action!.Value));
    }

    [Fact]
    public void Build_TokenRequest_DicomUserAuthenticationLogin()
    {
        var audit = Build(new AuditRecord(AuditInteraction.Login, AuditOutcome.Refused, "invalid_client", new AuditAgent(null, AuditAgentKind.Client, "10.9.9.9"), "fhir-api", []));

        Assert.Equal(("http://dicom.nema.org/resources/ontology/DCM", "110114"), (audit.Type.System, audit.Type.Code));
        Assert.Equal("110122", audit.Subtype.Single().Code);
        Assert.Equal(AuditEvent.AuditEventAction.E, audit.Action);
        Assert.Equal("invalid_client", audit.OutcomeDesc);
    }

    [Fact]
    public void Build_Unauthenticated_AgentIsUnknown()
    {
        var audit = Build(Read("Task/t1", AuditOutcome.Refused, new AuditAgent(null, AuditAgentKind.Client, null)));

        var requestor = audit.Agent.Single(a => a.Requestor == true);
        Assert.Equal("unknown", requestor.Who.Identifier.Value);
        Assert.Null(requestor.Network);
    }

    [Fact]
    public void Build_Coordinator_HumanUserAndTheActivityOnTheEntity()
    {
        var audit = Build(new AuditRecord(AuditInteraction.Update, AuditOutcome.Success, "Done", new AuditAgent("dana", AuditAgentKind.User, null),
            "coordinator-worklist", ["Task/t1"], Activity: "record-outreach"));

        var requestor = audit.Agent.Single(a => a.Requestor == true);
        Assert.Equal(("humanuser", "dana"), (requestor.Type.Coding.Single().Code, requestor.Who.Identifier.Value));
        Assert.Equal("record-outreach", audit.Entity.Single().Description);
    }

    [Fact]
    public void Build_Search_QueryEntityBase64AfterBalpWithReferencesAndCodesKept()
    {
        var audit = Build(new AuditRecord(AuditInteraction.SearchType, AuditOutcome.Success, null, Client, "fhir-api", [], "Task",
            [new("patient", "Patient/p1"), new("status", "requested"), new("_count", "10")]));

        var query = audit.Entity.Single(e => e.Role?.Code == "24");
        Assert.Equal(("2", "Task?patient=Patient%2Fp1&status=requested&_count=10"), (query.Type.Code, Encoding.UTF8.GetString(query.Query)));
        Assert.Contains("\"query\":\"" + Convert.ToBase64String(query.Query), FhirJson.Serialize(audit), StringComparison.Ordinal);
    }

    // The PHI canary: a search by a person's name, birth date, MRN or phone keeps the parameter names, never the values,
    // in the query, its description or anywhere else in the AuditEvent (plain or base64).
    [Fact]
    public void Build_SearchWithPatientDetails_NoneOfThemInTheAuditEvent()
    {
        const string name = "Aurelia Canarywood";
        var audit = Build(new AuditRecord(AuditInteraction.SearchType, AuditOutcome.Success, "200", Client, "fhir-api", [], "Patient",
        [
            new("name", name), new("family:exact", "Canarywood"), new("birthdate", "1951-07-14"), new("identifier", "http://hospital.example/mrn|MRN-424242"),
            new("phone", "555-0199"), new("address", "1 Canary Row"), new("_has:Observation:patient:code", "Canarywood"), new("patient.name", "Canarywood"),
        ]));

        var json = FhirJson.Serialize(audit);
        var query = Encoding.UTF8.GetString(audit.Entity.Single(e => e.Role?.Code == "24").Query);
        foreach (var text in new[] { json, query })
        {
            foreach (var canary in new[] { "Aurelia", "Canarywood", "1951", "MRN-424242", "555-0199", "Canary Row" })
            {
                Assert.DoesNotContain(canary, text, StringComparison.OrdinalIgnoreCase);
            }
        }

        Assert.StartsWith("Patient?name=(redacted)&family%3Aexact=(redacted)&birthdate=(redacted)&identifier=(redacted)", query, StringComparison.Ordinal);
    }
}
