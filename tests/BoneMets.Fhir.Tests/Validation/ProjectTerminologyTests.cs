using System.Text.Json.Nodes;
using BoneMets.Fhir.Validation;
using Hl7.Fhir.Model;
using IssueSeverity = Hl7.Fhir.Model.OperationOutcome.IssueSeverity;

namespace BoneMets.Fhir.Tests.Validation;

/// <summary>Terminology without a terminology server: the project's codes judged in memory, external systems a warning.</summary>
public sealed class ProjectTerminologyTests
{
    private static readonly ResourceValidator Validator = ResourceValidator.Default;

    private static List<OperationOutcome.IssueComponent> Issues(JsonObject json, ResourceRole role) => [.. Validator.ValidateJson(json.ToJsonString(), role)];

    [Fact]
    public void Validate_CodeOfASystemWithoutContentHere_AWarningNotAnError()
    {
        // Attachment.contentType is bound (required) to the MIME types, a whole external system (urn:ietf:bcp:13).
        var json = new JsonObject
        {
            ["resourceType"] = "DocumentReference",
            ["status"] = "current",
            ["content"] = new JsonArray(new JsonObject { ["attachment"] = new JsonObject { ["contentType"] = "application/pdf" } }),
        };

        var issues = Issues(json, ResourceRole.Received);

        ConformanceTests.AssertNoErrors(issues);
        var issue = Assert.Single(issues, i => i.Diagnostics?.Contains(ProjectTerminology.NotChecked, StringComparison.Ordinal) == true);
        Assert.Equal((IssueSeverity.Warning, "DocumentReference.content[0].attachment.contentType"), (issue.Severity, issue.Expression.Single()));
    }

    [Fact]
    public async System.Threading.Tasks.Task ValueSetValidateCode_SnomedCodeOfAValueSetBySnomedHierarchy_NotCheckedNamingSnomed()
    {
        // None of the project's ValueSets selects SNOMED CT or LOINC by filter (they list their codes), so the case is built here.
        var valueSet = new ValueSet
        {
            Url = "https://example.org/ValueSet/bone-findings",
            Status = PublicationStatus.Active,
            Compose = new ValueSet.ComposeComponent
            {
                Include = [new() { System = "http://snomed.info/sct", Filter = [new() { Property = "concept", Op = FilterOperator.IsA, Value = "118930001" }] }],
            },
        };
        var resolver = new Hl7.Fhir.Specification.Source.InMemoryResourceResolver(valueSet);
        var terminology = new ProjectTerminology(resolver, new Dictionary<string, HashSet<(string, string)>>());
        var parameters = new Parameters()
            .Add("url", new FhirUri(valueSet.Url))
            .Add("coding", new Coding("http://snomed.info/sct", "94222008"));

        var refusal = await Assert.ThrowsAsync<Hl7.Fhir.Rest.FhirOperationException>(() => terminology.ValueSetValidateCode(parameters));

        Assert.Contains($"{ProjectTerminology.NotChecked} http://snomed.info/sct", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SnomedCodeOfTheListedReferralCodes_Accepted()
    {
        // ServiceRequest.code is bound (extensible) to referral-codes, which lists its SNOMED CT codes: judged from the list.
        var issues = Issues(NegativeCorpus.Example("bonemets-referral-service-request"), ResourceRole.Received);

        ConformanceTests.AssertNoErrors(issues);
        Assert.DoesNotContain(issues, i => i.Expression.Single() == "ServiceRequest.code");
    }

    [Fact]
    public void Validate_CodeOutsideTheProjectsRequiredValueSet_AnError()
    {
        var json = NegativeCorpus.Example("bonemets-score");
        json["interpretation"]![0]!["coding"]![0]!["code"] = "mirels-excellent";

        var issue = Assert.Single(Issues(json, ResourceRole.WrittenBack), i => i.Severity == IssueSeverity.Error);

        Assert.Equal((OperationOutcome.IssueType.CodeInvalid, "Observation.interpretation[0]"), (issue.Code, issue.Expression.Single()));
    }

    [Fact]
    public void Validate_DisplayThatIsNotTheProjectCodeSystems_AWarningNamingTheDisplayExpected()
    {
        var json = NegativeCorpus.Example("bonemets-score");
        json["component"]![0]!["code"]!["coding"]![0]!["display"] = "site";

        var issues = Issues(json, ResourceRole.WrittenBack);

        ConformanceTests.AssertNoErrors(issues);
        var issue = Assert.Single(issues, i => i.Expression.Single() == "Observation.component[0].code");
        Assert.Equal(IssueSeverity.Warning, issue.Severity);
        Assert.Contains("'Mirels: site'", issue.Diagnostics, StringComparison.Ordinal);
    }

    [Fact]
    public async System.Threading.Tasks.Task ValueSetValidateCode_SameQuestionAgain_SameAnswerFromTheMemo()
    {
        var (terminology, url) = Listed();
        var question = new Parameters().Add("url", new FhirUri(url)).Add("coding", new Coding("https://example.org/cs", "a"));

        var first = await terminology.ValueSetValidateCode(question);
        first.Parameter.Clear(); // a caller changing its answer does not change the next caller's
        var second = await terminology.ValueSetValidateCode((Parameters)question.DeepCopy());

        Assert.Equal((1L, true), (terminology.Remembered, second.GetSingleValue<FhirBoolean>("result")?.Value));
    }

    [Fact]
    public async System.Threading.Tasks.Task ValueSetValidateCode_AnotherCode_AskedAfreshWithItsOwnAnswer()
    {
        var (terminology, url) = Listed();

        var known = await terminology.ValueSetValidateCode(new Parameters().Add("url", new FhirUri(url)).Add("coding", new Coding("https://example.org/cs", "a")));
        var unknown = await terminology.ValueSetValidateCode(new Parameters().Add("url", new FhirUri(url)).Add("coding", new Coding("https://example.org/cs", "z")));

        Assert.Equal((0L, true, false), (terminology.Remembered, known.GetSingleValue<FhirBoolean>("result")?.Value, unknown.GetSingleValue<FhirBoolean>("result")?.Value));
    }

    [Fact]
    public async System.Threading.Tasks.Task ValueSetValidateCode_NotCheckedAgain_StillNotCheckedFromTheMemo()
    {
        var valueSet = new ValueSet
        {
            Url = "https://example.org/ValueSet/snomed-findings", Status = PublicationStatus.Active,
            Compose = new ValueSet.ComposeComponent { Include = [new() { System = "http://snomed.info/sct", Filter = [new() { Property = "concept", Op = FilterOperator.IsA, Value = "118930001" }] }] },
        };
        var terminology = new ProjectTerminology(new Hl7.Fhir.Specification.Source.InMemoryResourceResolver(valueSet), new Dictionary<string, HashSet<(string, string)>>());
        Parameters Question() => new Parameters().Add("url", new FhirUri(valueSet.Url)).Add("coding", new Coding("http://snomed.info/sct", "94222008"));

        var first = await Assert.ThrowsAsync<Hl7.Fhir.Rest.FhirOperationException>(() => terminology.ValueSetValidateCode(Question()));
        var again = await Assert.ThrowsAsync<Hl7.Fhir.Rest.FhirOperationException>(() => terminology.ValueSetValidateCode(Question()));

        Assert.Equal((1L, first.Message, first.Status), (terminology.Remembered, again.Message, again.Status));
    }

    /// <summary>A complete CodeSystem with codes a and b, and a ValueSet of all of it.</summary>
    private static (ProjectTerminology Terminology, string ValueSetUrl) Listed()
    {
        var codeSystem = new CodeSystem
        {
            Url = "https://example.org/cs", Status = PublicationStatus.Active, Content = CodeSystemContentMode.Complete,
            Concept = [new() { Code = "a", Display = "A" }, new() { Code = "b", Display = "B" }],
        };
        var valueSet = new ValueSet
        {
            Url = "https://example.org/ValueSet/ab", Status = PublicationStatus.Active,
            Compose = new ValueSet.ComposeComponent { Include = [new() { System = codeSystem.Url }] },
        };
        return (new ProjectTerminology(new Hl7.Fhir.Specification.Source.InMemoryResourceResolver(codeSystem, valueSet), new Dictionary<string, HashSet<(string, string)>>()), valueSet.Url);
    }
}
