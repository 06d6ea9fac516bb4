using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Fhir;

/// <summary>OperationOutcome issues: a severity, an issue-type code, a FHIRPath expression and a sentence a person understands.</summary>
public static class Outcomes
{
    public static OperationOutcome.IssueComponent Issue(
        OperationOutcome.IssueSeverity severity, OperationOutcome.IssueType type, string? expression, string text)
    {
        var issue = new OperationOutcome.IssueComponent { Severity = severity, Code = type, Diagnostics = text };
        if (expression is not null)
        {
            issue.Expression = [expression];
        }

        return issue;
    }

    public static OperationOutcome.IssueComponent Error(OperationOutcome.IssueType type, string? expression, string text) =>
        Issue(OperationOutcome.IssueSeverity.Error, type, expression, text);

    public static OperationOutcome.IssueComponent Warning(OperationOutcome.IssueType type, string? expression, string text) =>
        Issue(OperationOutcome.IssueSeverity.Warning, type, expression, text);

    public static OperationOutcome.IssueComponent Information(string text) =>
        Issue(OperationOutcome.IssueSeverity.Information, OperationOutcome.IssueType.Informational, null, text);

    public static OperationOutcome Of(IEnumerable<OperationOutcome.IssueComponent> issues) =>
        new() { Id = Guid.NewGuid().ToString(), Issue = issues.ToList() };

    public static OperationOutcome Of(params OperationOutcome.IssueComponent[] issues) => Of(issues.AsEnumerable());

    public static bool HasErrors(this IEnumerable<OperationOutcome.IssueComponent> issues) =>
        issues.Any(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal);
}
