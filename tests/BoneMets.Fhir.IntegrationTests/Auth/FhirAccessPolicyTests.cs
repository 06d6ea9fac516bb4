using BoneMets.Fhir.Service.Auth;

namespace BoneMets.Fhir.IntegrationTests.Auth;

/// <summary>Which scope each /fhir interaction needs, by value (the gate in front of the routes reads this table).</summary>
public sealed class FhirAccessPolicyTests
{
    public static TheoryData<string, string, string> Needs() => new()
    {
        { "POST", "/fhir/$process-message", "system/ServiceRequest.c" },
        { "GET", "/fhir/Task", "system/Task.s" },
        { "GET", "/fhir/Task/abc", "system/Task.r" },
        { "HEAD", "/fhir/Patient/abc", "system/Patient.r" },
        { "GET", "/fhir/Patient/abc/_history/2", "system/Patient.r" },
        { "GET", "/fhir/ServiceRequest", "system/ServiceRequest.s" },
        { "GET", "/fhir/AuditEvent", "system/AuditEvent.s" },
        { "GET", "/fhir/AuditEvent/a1", "system/AuditEvent.r" },
        { "GET", "/fhir/StructureDefinition/bonemets-referral", "system/StructureDefinition.r" },
        { "GET", "/FHIR/Patient", "system/Patient.s" },
        { "GET", "//fhir//Patient/", "system/Patient.s" },
        { "GET", "/fhir/Patient/abc/_HISTORY/1", "system/Patient.r" },
        { "POST", "/Fhir/$Process-Message", "system/ServiceRequest.c" },
    };

    [Theory]
    [MemberData(nameof(Needs))]
    public void For_FhirInteraction_NeedsItsSmartV2Scope(string method, string path, string scope)
    {
        var requirement = Assert.IsType<FhirAccessPolicy.Requirement.Scope>(FhirAccessPolicy.For(method, path));

        Assert.Equal(scope, requirement.Needed.ToString());
    }

    [Theory]
    [InlineData("GET", "/fhir/metadata")]
    [InlineData("GET", "/fhir/.well-known/smart-configuration")]
    [InlineData("POST", "/fhir/auth/token")]
    [InlineData("GET", "/health/ready")]
    [InlineData("GET", "/health/live")]
    [InlineData("POST", "/notifications/north")]
    [InlineData("GET", "/fhirish")]
    public void For_DiscoveryTokenHealthAndNotifications_Open(string method, string path) =>
        Assert.IsType<FhirAccessPolicy.Requirement.Open>(FhirAccessPolicy.For(method, path));

    [Theory]
    [InlineData("POST", "/fhir/metadata")]
    [InlineData("GET", "/fhir/auth/token")]
    [InlineData("POST", "/fhir/Task")]
    [InlineData("DELETE", "/fhir/Task/abc")]
    [InlineData("GET", "/fhir/$everything")]
    [InlineData("GET", "/fhir")]
    [InlineData("GET", "/fhir/")]
    public void For_AnythingElseUnderFhir_NeedsAValidToken(string method, string path) =>
        Assert.IsType<FhirAccessPolicy.Requirement.Token>(FhirAccessPolicy.For(method, path));
}
