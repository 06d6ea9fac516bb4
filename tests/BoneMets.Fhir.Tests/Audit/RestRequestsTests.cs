using BoneMets.Fhir.Audit;

namespace BoneMets.Fhir.Tests.Audit;

public class RestRequestsTests
{
    [Theory]
    [InlineData("GET", "/Task/t1", AuditInteraction.Read, "Task/t1", null)]
    [InlineData("GET", "/Task/t1/_history/3", AuditInteraction.VRead, "Task/t1/_history/3", null)]
    [InlineData("GET", "/Task/t1/_history", AuditInteraction.HistoryInstance, "Task/t1", null)]
    [InlineData("GET", "/Task/_history", AuditInteraction.HistoryType, null, null)]
    [InlineData("GET", "/Task", AuditInteraction.SearchType, null, "Task")]
    [InlineData("POST", "/Task/_search", AuditInteraction.SearchType, null, "Task")]
    [InlineData("POST", "/$process-message", AuditInteraction.Operation, null, null)]
    [InlineData("GET", "/Patient/p1/$everything", AuditInteraction.Operation, "Patient/p1", null)]
    [InlineData("POST", "/auth/token", AuditInteraction.Login, null, null)]
    [InlineData("GET", "/metadata", AuditInteraction.Capabilities, null, null)]
    [InlineData("GET", "/.well-known/smart-configuration", AuditInteraction.Capabilities, null, null)]
    [InlineData("POST", "/Task", AuditInteraction.Create, null, null)]
    [InlineData("PUT", "/Task/t1", AuditInteraction.Update, "Task/t1", null)]
    [InlineData("DELETE", "/Task/t1", AuditInteraction.Delete, "Task/t1", null)]
    [InlineData("POST", "/Task/t1", AuditInteraction.Operation, "Task/t1", null)]
    [InlineData("GET", "/", AuditInteraction.Read, null, null)]
    public void Describe_Route_InteractionEntityAndSearchType(string method, string path, AuditInteraction interaction, string? entity, string? searchType)
    {
        var request = RestRequests.Describe(method, path);

        Assert.Equal((interaction, entity, searchType), (request.Interaction, request.Entities.SingleOrDefault(), request.SearchType));
    }

    // The path is the caller's text: what is not a FHIR type or id (a name typed into a URL, a script) is not copied.
    [Theory]
    [InlineData("/Patient/Aurelia Canarywood")]
    [InlineData("/Patient/<script>")]
    [InlineData("/patient/p1")]
    [InlineData("/Patient/p1/_history/two")]
    [InlineData("/Patient/0123456789012345678901234567890123456789012345678901234567890123456789")]
    public void Describe_NotAFhirTypeOrId_NoEntity(string path) =>
        Assert.Empty(RestRequests.Describe("GET", path).Entities);
}
