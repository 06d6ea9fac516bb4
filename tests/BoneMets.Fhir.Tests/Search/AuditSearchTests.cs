using BoneMets.Fhir.Audit;
using BoneMets.Fhir.Search;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Tests.Search;

public class AuditSearchTests
{
    private static (AuditSearch? Search, List<OperationOutcome.IssueComponent> Issues) Parse(bool strict, params (string Name, string Value)[] parameters) =>
        AuditSearch.Parse(parameters.Select(p => KeyValuePair.Create(p.Name, p.Value)), strict);

    [Fact]
    public void Parse_TokensAndReferences_SystemValueOrAnySystem()
    {
        var (search, issues) = Parse(true, ("type", "http://terminology.hl7.org/CodeSystem/audit-event-type|rest"), ("entity", "Task/t1,Patient/p1"), ("outcome", "4"));

        Assert.Empty(issues);
        Assert.Equal(
            [("type", "http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", false), ("entity", null, "Task/t1", true), ("entity", null, "Patient/p1", true), ("outcome", null, "4", true)],
            search!.Filters.SelectMany(f => f.Values.Select(v => (f.Param, v.System, v.Value, v.AnySystem))));
    }

    [Fact]
    public void Parse_DateAndCount_BoundsAndCappedCount()
    {
        var (search, _) = Parse(true, ("date", "ge2026-12-01"), ("date", "lt2026-12-04"), ("_count", "500"));

        Assert.Equal(["ge", "lt"], search!.Recorded.Select(b => b.Comparator));
        Assert.Equal(100, search.Count);
    }

    [Fact]
    public void Parse_BadDate_ErrorNamingTheParameter()
    {
        var (search, issues) = Parse(false, ("date", "yesterday"));

        Assert.Null(search);
        Assert.Equal("date", issues.Single().Expression.Single());
    }

    [Theory]
    [InlineData(false, OperationOutcome.IssueSeverity.Warning)]
    [InlineData(true, OperationOutcome.IssueSeverity.Error)]
    public void Parse_UnknownParameter_WarningOrStrictError(bool strict, OperationOutcome.IssueSeverity severity)
    {
        var (_, issues) = Parse(strict, ("patient", "Patient/p1"));

        Assert.Equal((severity, "patient"), (issues.Single().Severity!.Value, issues.Single().Expression.Single()));
    }
}
