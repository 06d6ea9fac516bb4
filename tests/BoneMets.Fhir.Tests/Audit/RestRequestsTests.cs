using BoneMets.Fhir.Audit;

namespace BoneMets.Fhir.Tests.Audit;

public class RestRequestsTests
{
    [Theory]
    [InlineData("GET", "/fhir/Task/t1", AuditInteraction.Read, "Task/t1", null)]
    [InlineData("GET", "/fhir/Task/t1/_history/3", AuditInteraction.VRead, "Task/t1/_history/3", null)]
    [InlineData("GET", "/fhir/Task/t1/_history", AuditInteraction.HistoryInstance, "Task/t1", null)]
    [InlineData("GET", "/fhir/Task/_history", AuditInteraction.HistoryType, null, null)]
    [InlineData("GET", "/fhir/Task", AuditInteraction.SearchType, null, "Task")]
    [InlineData("POST", "/fhir/Task/_search", AuditInteraction.SearchType, null, "Task")]
    [InlineData("POST", "/fhir/$process-message", AuditInteraction.Operation, null, null)]
    [InlineData("GET", "/fhir/Patient/p1/$everything", AuditInteraction.Operation, "Patient/p1", null)]
    [InlineData("POST", "/fhir/auth/token", AuditInteraction.Login, null, null)]
    [InlineData("GET", "/fhir/metadata", AuditInteraction.Capabilities, null, null)]
    [InlineData("GET", "/fhir/.well-known/smart-configuration", AuditInteraction.Capabilities, null, null)]
    [InlineData("POST", "/fhir/Task", AuditInteraction.Create, null, null)]
    [InlineData("PUT", "/fhir/Task/t1", AuditInteraction.Update, "Task/t1", null)]
    [InlineData("DELETE", "/fhir/Task/t1", AuditInteraction.Delete, "Task/t1", null)]
    [InlineData("POST", "/fhir/Task/t1", AuditInteraction.Operation, "Task/t1", null)]
    [InlineData("GET", "/fhir", AuditInteraction.Read, null, null)]
    public void Describe_Route_InteractionEntityAndSearchType(string method, string path, AuditInteraction interaction, string? entity, string? searchType)
    {
        var request = RestRequests.Describe(method, path)!;

        Assert.Equal((interaction, entity, searchType), (request.Interaction, request.Entities.SingleOrDefault(), request.SearchType));
    }

    // The path is the caller's text: what is not a FHIR type or id (a name typed into a URL, a script) is not copied.
    [Theory]
    [InlineData("/fhir/Patient/Aurelia Canarywood")]
    [InlineData("/fhir/Patient/<script>")]
    [InlineData("/fhir/patient/p1")]
    [InlineData("/fhir/Patient/p1/_history/two")]
    [InlineData("/fhir/Patient/0123456789012345678901234567890123456789012345678901234567890123456789")]
    public void Describe_NotAFhirTypeOrId_NoEntity(string path) =>
        Assert.Empty(RestRequests.Describe("GET", path)!.Entities);

    [Theory]
    [InlineData("//FHIR/Task/t1", "Task/t1")]
    [InlineData("/Fhir/Task/t1/_HISTORY/2", "Task/t1/_history/2")]
    public void Describe_AsRoutingReadsIt_CaseAndEmptySegments(string path, string entity) =>
        Assert.Equal(entity, RestRequests.Describe("get", path)!.Entities.Single());

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/notifications/partner-a")]
    [InlineData("/fhirx/Task")]
    [InlineData("/coordinator/")]
    public void Describe_NotTheFhirBase_Null(string path) => Assert.Null(RestRequests.Describe("GET", path));
}
