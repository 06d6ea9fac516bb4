using System.Text.Json.Nodes;
using BoneMets.Fhir.Validation;
using Hl7.Fhir.Model;
using IssueSeverity = Hl7.Fhir.Model.OperationOutcome.IssueSeverity;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace BoneMets.Fhir.Tests.Validation;

/// <summary>Firely's findings in the service's shape, and the one Firely finding the service does not pass on (ras-2).</summary>
public sealed class FirelyFindingsTests
{
    private static readonly ResourceValidator Validator = ResourceValidator.Default;

    private static JsonObject TriageDecision() => NegativeCorpus.Example("bonemets-triage-decision");

    [Fact]
    public void Validate_PredictionsWithoutAProbability_NoRas2()
    {
        var json = TriageDecision();
        Assert.All(json["prediction"]!.AsArray(), p => Assert.Null(p!["probabilityDecimal"]));

        var issues = Validator.ValidateJson(json.ToJsonString(), ResourceRole.WrittenBack);

        Assert.DoesNotContain(issues, i => i.Diagnostics?.Contains("ras-2", StringComparison.Ordinal) == true);
        ConformanceTests.AssertNoErrors(issues);
    }

    [Fact]
    public void Validate_PredictionWithAProbabilityOver100_Ras2StillFails()
    {
        var json = TriageDecision();
        json["prediction"]![0]!["probabilityDecimal"] = 140;

        var issues = Validator.ValidateJson(json.ToJsonString(), ResourceRole.WrittenBack);

        var ras2 = issues.Where(i => i.Diagnostics?.Contains("ras-2", StringComparison.Ordinal) == true).ToList();
        Assert.NotEmpty(ras2); // Firely reports it for the prediction and again for the slice it matches
        Assert.All(ras2, issue => Assert.Equal((IssueSeverity.Error, IssueType.Invariant, "RiskAssessment.prediction[0]"), (issue.Severity, issue.Code, issue.Expression.Single())));
    }

    [Fact]
    public void IsRas2WithoutProbability_OtherInvariantOrAProbability_False()
    {
        var without = new RiskAssessment.PredictionComponent();
        var with = new RiskAssessment.PredictionComponent { Probability = new FhirDecimal(140) };

        Assert.True(FirelyFindings.IsRas2WithoutProbability("Instance failed constraint ras-2 \"Must be <= 100\"", without));
        Assert.False(FirelyFindings.IsRas2WithoutProbability("Instance failed constraint ras-2 \"Must be <= 100\"", with));
        Assert.False(FirelyFindings.IsRas2WithoutProbability("Instance failed constraint ras-1 \"Must be <= 100\"", without));
    }

    [Fact]
    public void Validate_LogicalReferenceWithoutAReference_NoRef1()
    {
        var json = NegativeCorpus.Example("bonemets-write-back-task");
        json["focus"] = new JsonObject { ["type"] = "ServiceRequest", ["identifier"] = new JsonObject { ["system"] = "urn:example:orders", ["value"] = "REF-1" } };

        var issues = Validator.ValidateJson(json.ToJsonString(), ResourceRole.WrittenBack);

        Assert.DoesNotContain(issues, i => i.Diagnostics?.Contains("ref-1", StringComparison.Ordinal) == true);
        ConformanceTests.AssertNoErrors(issues);
    }

    [Fact]
    public void Validate_LocalReferenceToNoContainedResource_Ref1StillFails()
    {
        var json = NegativeCorpus.Example("bonemets-write-back-task");
        json["focus"] = new JsonObject { ["reference"] = "#missing" };

        var issues = Validator.ValidateJson(json.ToJsonString(), ResourceRole.WrittenBack);

        Assert.Contains(issues, i => i.Severity == IssueSeverity.Error && i.Diagnostics?.Contains("ref-1", StringComparison.Ordinal) == true && i.Expression.Single() == "Task.focus");
    }

    [Fact]
    public void Validate_MissingElement_RequiredAtTheElementNotItsParent()
    {
        // authoredOn is optional in FHIR and required by the write-back Task profile: Firely, not the parser, finds it.
        var json = NegativeCorpus.Example("bonemets-write-back-task");
        json.Remove("authoredOn");

        var issue = Assert.Single(Validator.ValidateJson(json.ToJsonString(), ResourceRole.WrittenBack), i => i.Severity == IssueSeverity.Error);

        Assert.Equal((IssueType.Required, "Task.authoredOn"), (issue.Code, issue.Expression.Single()));
        Assert.StartsWith("Task.authoredOn is missing", issue.Diagnostics, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PatternBrokenWithFreeText_TheSentenceDoesNotEchoIt()
    {
        var json = NegativeCorpus.Example("bonemets-case-composition");
        json["type"] = new JsonObject { ["text"] = "Jane Doe's note" };

        var issue = Assert.Single(Validator.ValidateJson(json.ToJsonString(), ResourceRole.WrittenBack), i => i.Expression.Contains("Composition.type"));

        Assert.Equal(IssueType.Value, issue.Code);
        Assert.StartsWith("Composition.type is a structure; the profile requires it to contain", issue.Diagnostics, StringComparison.Ordinal);
        Assert.DoesNotContain("Jane", issue.Diagnostics, StringComparison.Ordinal);
    }
}
