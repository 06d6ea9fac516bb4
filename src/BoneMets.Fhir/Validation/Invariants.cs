using BoneMets.Fhir.Fhir;
using Hl7.Fhir.FhirPath;
using Hl7.Fhir.Model;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;
using Issue = Hl7.Fhir.Model.OperationOutcome.IssueComponent;

namespace BoneMets.Fhir.Validation;

/// <summary>
/// The FHIRPath constraints of a snapshot, evaluated by Firely's FHIRPath engine on the POCO, on each element
/// present in the instance. Left out: ele-1 and ext-1 (every element has a value or children; an extension has a
/// value or extensions, never both), which Firely's strict parser already enforces, and core best-practice
/// warnings (e.g. dom-6 "should have narrative"), which would only add noise. An expression the engine cannot
/// evaluate is reported once as information: it neither passes nor fails the instance. As in FHIR validation, an
/// invariant holds when it evaluates to true or to empty (Firely's Predicate).
/// </summary>
internal static class Invariants
{
    private static readonly HashSet<string> Structural = new(StringComparer.Ordinal) { "ele-1", "ext-1" };

    public static List<Issue> Check(Resource resource, IEnumerable<(string Path, ElementDefinition Definition)> elements, string profile)
    {
        var issues = new List<Issue>();
        var context = new FhirEvaluationContext { Resource = resource.ToPocoNode(), RootResource = resource.ToPocoNode() };
        var unevaluable = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, definition) in elements.DistinctBy(e => (e.Path, e.Definition.ElementId)))
        {
            foreach (var constraint in definition.Constraint.Where(Applies))
            {
                bool holds;
                try
                {
                    holds = Node(resource, path, context) is not { } node || node.Predicate(constraint.Expression!, context);
                }
                catch (Exception e) when (e is FormatException or NotSupportedException or ArgumentException or InvalidCastException)
                {
                    if (unevaluable.Add(constraint.Key!))
                    {
                        issues.Add(Outcomes.Issue(OperationOutcome.IssueSeverity.Information, IssueType.Informational, path,
                            $"The invariant {constraint.Key} of {profile} was not checked: Firely's FHIRPath engine cannot evaluate '{constraint.Expression}' ({e.GetType().Name})."));
                    }

                    continue;
                }

                if (!holds)
                {
                    var severity = constraint.Severity == ConstraintSeverity.Warning ? OperationOutcome.IssueSeverity.Warning : OperationOutcome.IssueSeverity.Error;
                    issues.Add(Outcomes.Issue(severity, IssueType.Invariant, path,
                        $"{path} breaks {constraint.Key} of {profile}: {constraint.Human?.TrimEnd('.')}."));
                }
            }
        }

        return issues;
    }

    private static bool Applies(ElementDefinition.ConstraintComponent constraint) =>
        constraint.Key is { } key && constraint.Expression is not null && !Structural.Contains(key)
        && (key.StartsWith("bm-", StringComparison.Ordinal) || constraint.Severity != ConstraintSeverity.Warning);

    /// <summary>The element at a FHIRPath from the resource ("Observation.component[1]"), or null when absent.</summary>
    private static Base? Node(Resource resource, string path, FhirEvaluationContext context)
    {
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? resource : resource.Select(path[(dot + 1)..], context).FirstOrDefault() as Base;
    }
}
