using System.Text;
using BoneMets.Fhir.Fhir;
using Hl7.Fhir.Model;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace BoneMets.Fhir.Tests.Fhir;

public class FhirJsonTests
{
    [Fact]
    public void TryParse_MalformedJson_OneStructureIssueWithoutExpression()
    {
        var result = FhirJson.TryParse(Samples.Read("invalid/malformed-json.json"));

        Assert.Null(result.Resource);
        Assert.False(result.Succeeded);
        var issue = Assert.Single(result.Issues);
        Assert.Equal(IssueType.Structure, issue.Code);
        Assert.Equal(OperationOutcome.IssueSeverity.Error, issue.Severity);
        Assert.Empty(issue.Expression);
    }

    [Fact]
    public void TryParse_DeeplyNestedSample_OneStructureIssueAboutDepth()
    {
        var result = FhirJson.TryParse(Samples.Read("invalid/deeply-nested.json"));

        Assert.Null(result.Resource);
        var issue = Assert.Single(result.Issues);
        Assert.Equal(IssueType.Structure, issue.Code);
        Assert.Empty(issue.Expression);
        Assert.Contains("64", issue.Diagnostics, StringComparison.Ordinal);
    }

    // n nested extensions reach JSON depth 2n + 1: 31 → 63 (allowed), 32 → 65 (over the 64-level limit).
    [Theory]
    [InlineData(31, true)]
    [InlineData(32, false)]
    public void TryParse_NestedExtensions_DepthLimitIs64(int levels, bool parses)
    {
        var json = new StringBuilder("{\"resourceType\":\"Patient\"");
        for (var i = 0; i < levels; i++)
        {
            json.Append(",\"extension\":[{\"url\":\"http://example.org/x\"");
        }

        json.Append(",\"valueString\":\"deep\"");
        for (var i = 0; i < levels; i++)
        {
            json.Append("}]");
        }

        var result = FhirJson.TryParse(json.Append('}').ToString());

        Assert.Equal(parses, result.Succeeded);
        if (!parses)
        {
            Assert.Equal(IssueType.Structure, Assert.Single(result.Issues).Code);
        }
    }

    [Fact]
    public void TryParse_WrongCasedElement_StructureIssueAtThatElement()
    {
        var result = FhirJson.TryParse(Samples.Read("invalid/unknown-element.json"));

        var issue = Assert.Single(result.Issues);
        Assert.Equal(IssueType.Structure, issue.Code);
        Assert.Equal("Bundle.entry[3].resource.birthdate", Assert.Single(issue.Expression));
        Assert.Equal("PVAL131", issue.Details?.Coding.Single().Code);
    }

    [Fact]
    public void TryParse_UnknownElement_StructureIssueAtThatElement()
    {
        var result = FhirJson.TryParse("""{"resourceType":"Patient","favouriteColour":"blue"}""");

        var issue = Assert.Single(result.Issues);
        Assert.Equal(IssueType.Structure, issue.Code);
        Assert.Contains("favouriteColour", Assert.Single(issue.Expression), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"resourceType":"Patient","gender":"not-a-gender"}""", "Patient.gender", IssueType.CodeInvalid)]
    [InlineData("""{"resourceType":"Patient","birthDate":"1970-13-45"}""", "Patient.birthDate", IssueType.Value)]
    [InlineData("""{"resourceType":"Task","status":"bogus","intent":"order"}""", "Task.status", IssueType.CodeInvalid)]
    public void TryParse_BadValue_ReportedWithItsPath(string json, string path, IssueType code)
    {
        var result = FhirJson.TryParse(json);

        Assert.False(result.Succeeded);
        var issue = Assert.Single(result.Issues);
        Assert.Equal(code, issue.Code);
        Assert.Equal(path, Assert.Single(issue.Expression));
    }

    [Fact]
    public void TryParse_SeveralBadValues_AllReportedTogether()
    {
        var result = FhirJson.TryParse("""{"resourceType":"Patient","gender":"x","birthDate":"1970-13-45"}""");

        Assert.Equal(["Patient.gender", "Patient.birthDate"], result.Issues.Select(i => i.Expression.Single()));
    }

    [Fact]
    public void TryParse_JsonArrayAtRoot_StructureIssue()
    {
        var result = FhirJson.TryParse("[1, 2]");

        Assert.Null(result.Resource);
        Assert.Equal(IssueType.Structure, Assert.Single(result.Issues).Code);
    }

    [Theory]
    [MemberData(nameof(Samples.ReferralData), MemberType = typeof(Samples))]
    public void TryParse_ValidSample_BundleWithoutIssues(string name)
    {
        var result = FhirJson.TryParse(Samples.Referral(name));

        Assert.True(result.Succeeded);
        Assert.Empty(result.Issues);
        Assert.Equal(Bundle.BundleType.Message, Assert.IsType<Bundle>(result.Resource).Type);
    }

    [Theory]
    [MemberData(nameof(Samples.ReferralData), MemberType = typeof(Samples))]
    public void SerializeThenParse_Sample_RoundTripsExactly(string name)
    {
        var bundle = Assert.IsType<Bundle>(FhirJson.TryParse(Samples.Referral(name)).Resource);

        var json = FhirJson.Serialize(bundle);
        var again = FhirJson.Parse<Bundle>(json);

        Assert.True(again.IsExactly(bundle));
        Assert.Equal(json, FhirJson.Serialize(again));
        Assert.Equal(bundle.Entry.Count, again.Entry.Count);
    }

    [Fact]
    public void TryParse_BadValues_IssuesNameThePathButNeverTheValue()
    {
        var result = FhirJson.TryParse("""{"resourceType":"Patient","birthDate":"1955-13-45","gender":"Quinlan","active":"Hargreave","multipleBirthInteger":"Margaret"}""");

        Assert.Equal(4, result.Issues.Count);
        Assert.All(result.Issues, i =>
        {
            Assert.Single(i.Expression);
            foreach (var value in new[] { "1955-13-45", "Quinlan", "Hargreave", "Margaret" })
            {
                Assert.DoesNotContain(value, i.Diagnostics, StringComparison.Ordinal);
            }
        });
        Assert.Contains(result.Issues, i => i.Expression.Single() == "Patient.birthDate" && i.Diagnostics!.StartsWith("The string value is not", StringComparison.Ordinal));
    }
}
