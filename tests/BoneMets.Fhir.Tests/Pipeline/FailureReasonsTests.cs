using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Pipeline;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Tests.Pipeline;

public class FailureReasonsTests
{
    [Fact]
    public void Of_LibraryExceptionQuotingTheResource_KeepsTheTypeNotTheMessage()
    {
        var error = Record.Exception(() => FhirJson.Parse<Patient>("""{"resourceType":"Patient","birthDate":"Margaret-1955"}"""))!;

        var reason = FailureReasons.Of(error);

        Assert.StartsWith(error.GetType().Name, reason, StringComparison.Ordinal);
        Assert.DoesNotContain("Margaret", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_OwnOrTransportException_KeepsTheMessage()
    {
        Assert.Equal("HttpRequestException: Connection refused (partner.example.org:443)",
            FailureReasons.Of(new HttpRequestException("Connection refused (partner.example.org:443)")));
    }

    [Fact]
    public void Of_PartnerOutcome_SeverityCodeAndPathWithoutDiagnostics()
    {
        var outcome = Outcomes.Of(Outcomes.Error(OperationOutcome.IssueType.BusinessRule, "Task.owner", "Owner Margaret Quinlan is unknown"));

        Assert.Equal(["Error/BusinessRule at Task.owner"], FailureReasons.Of(outcome));
    }
}
