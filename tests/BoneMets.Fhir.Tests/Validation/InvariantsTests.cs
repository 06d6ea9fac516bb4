using BoneMets.Fhir.Validation;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Tests.Validation;

public sealed class InvariantsTests
{
    private static readonly Observation Observation = new()
    {
        Status = ObservationStatus.Final,
        Code = new CodeableConcept("http://loinc.org", "17861-6"),
        Component = [new() { Code = new CodeableConcept("urn:x", "a") }, new() { Code = new CodeableConcept("urn:x", "b") }],
    };

    private static ElementDefinition Rule(string path, string key, string expression, ConstraintSeverity severity = ConstraintSeverity.Error) => new()
    {
        Path = path,
        ElementId = path,
        Constraint = [new() { Key = key, Expression = expression, Human = "Human text.", Severity = severity }],
    };

    [Fact]
    public void Check_BrokenRootInvariant_ErrorAtTheResourceWithItsKey()
    {
        var issue = Assert.Single(Invariants.Check(Observation, [("Observation", Rule("Observation", "bm-x-1", "value.exists()"))], "P"));

        Assert.Equal((OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.Invariant, "Observation"), (issue.Severity, issue.Code, issue.Expression.Single()));
        Assert.Equal("Observation breaks bm-x-1 of P: Human text.", issue.Diagnostics);
    }

    [Fact]
    public void Check_ElementInvariant_EvaluatedOnThatElementOnly()
    {
        var rule = Rule("Observation.component", "bm-x-2", "code.coding.code = 'a'", ConstraintSeverity.Warning);

        var issues = Invariants.Check(Observation, [("Observation.component[0]", rule), ("Observation.component[1]", rule)], "P");

        var issue = Assert.Single(issues);
        Assert.Equal((OperationOutcome.IssueSeverity.Warning, "Observation.component[1]"), (issue.Severity, issue.Expression.Single()));
    }

    [Fact]
    public void Check_EmptyResult_Passes()
    {
        Assert.Empty(Invariants.Check(Observation, [("Observation", Rule("Observation", "bm-x-3", "value.ofType(Quantity).value > 0"))], "P"));
    }

    [Fact]
    public void Check_ExpressionFirelyCannotParse_ReportedOnceAsInformation()
    {
        var rule = Rule("Observation", "bm-x-4", "value.exists(( and");

        var issues = Invariants.Check(Observation, [("Observation", rule), ("Observation", Rule("Observation", "bm-x-4", "value.exists(( and"))], "P");

        var issue = Assert.Single(issues);
        Assert.Equal((OperationOutcome.IssueSeverity.Information, OperationOutcome.IssueType.Informational), (issue.Severity, issue.Code));
        Assert.Contains("bm-x-4", issue.Diagnostics, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ele-1", ConstraintSeverity.Error)]
    [InlineData("dom-6", ConstraintSeverity.Warning)]
    public void Check_StructuralAndBestPracticeCoreRules_NotEvaluated(string key, ConstraintSeverity severity)
    {
        Assert.Empty(Invariants.Check(Observation, [("Observation", Rule("Observation", key, "false", severity))], "P"));
    }
}
