using BoneMets.Fhir.Search;
using Hl7.Fhir.Model;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace BoneMets.Fhir.Tests.Search;

public class SearchQueryTests
{
    private static (SearchQuery? Query, List<OperationOutcome.IssueComponent> Issues) Parse(string type, string name, string value, bool strict = false) =>
        SearchQuery.Parse(type, [new(name, value)], strict);

    private static SearchQuery Query(string type, params (string Name, string Value)[] parameters)
    {
        var (query, issues) = SearchQuery.Parse(type, parameters.Select(p => KeyValuePair.Create(p.Name, p.Value)), strict: true);
        Assert.Empty(issues);
        return query!;
    }

    // Token forms: "system|code", "code" (any system), "|code" (no system), "system|" (any code in that system:
    // parsed as system + empty code, which the store reads as "system only").
    [Theory]
    [InlineData("http://example.org/ids|abc", "http://example.org/ids", "abc", false)]
    [InlineData("abc", null, "abc", true)]
    [InlineData("|abc", "", "abc", false)]
    [InlineData("http://example.org/ids|", "http://example.org/ids", "", false)]
    public void Parse_TokenForms_SystemValueAndAnySystem(string raw, string? system, string value, bool anySystem)
    {
        var filter = Query("Task", ("identifier", raw)).Filters.Single();

        Assert.Equal("identifier", filter.Parameter.Name);
        Assert.Equal((system, value, anySystem), filter.Values.Single());
    }

    [Fact]
    public void Parse_CommaSeparatedTokens_OredValues()
    {
        var values = Query("Task", ("status", "accepted,in-progress")).Filters.Single().Values;

        Assert.Equal([(null, "accepted", true), (null, "in-progress", true)], values);
    }

    [Theory]
    [InlineData("Task", "focus", "ServiceRequest/1", "ServiceRequest/1")]
    [InlineData("Task", "focus", "1", "*/1")]
    [InlineData("Task", "focus", "http://ehr.example.org/fhir/ServiceRequest/1", "ServiceRequest/1")]
    [InlineData("Task", "focus", "http://ehr.example.org/fhir/ServiceRequest/1/_history/3", "ServiceRequest/1")]
    [InlineData("Task", "focus", "urn:uuid:6f1c2d3e-0000-4000-8000-000000000001", "urn:uuid:6f1c2d3e-0000-4000-8000-000000000001")]
    [InlineData("Task", "patient", "123", "Patient/123")]
    [InlineData("Appointment", "patient", "Patient/123", "Patient/123")]
    [InlineData("CommunicationRequest", "based-on", "Task/1", "Task/1")]
    public void Parse_ReferenceForms_NormalisedToTypeSlashId(string type, string name, string raw, string expected)
    {
        var filter = Query(type, (name, raw)).Filters.Single();

        Assert.Equal((null, expected, false), filter.Values.Single());
    }

    // Expected bounds: ge/lt pairs as UTC instants; a partial date covers its whole period.
    [Theory]
    [InlineData("eq2026-11", "ge 2026-11-01T00:00:00.000Z", "lt 2026-12-01T00:00:00.000Z")]
    [InlineData("2026-11", "ge 2026-11-01T00:00:00.000Z", "lt 2026-12-01T00:00:00.000Z")]
    [InlineData("eq2026-10", "ge 2026-10-01T00:00:00.000Z", "lt 2026-11-01T00:00:00.000Z")]
    [InlineData("2026-02", "ge 2026-02-01T00:00:00.000Z", "lt 2026-03-01T00:00:00.000Z")]
    [InlineData("2026", "ge 2026-01-01T00:00:00.000Z", "lt 2027-01-01T00:00:00.000Z")]
    [InlineData("eq2026-11-16", "ge 2026-11-16T00:00:00.000Z", "lt 2026-11-17T00:00:00.000Z")]
    [InlineData("gt2026-11-16", "ge 2026-11-17T00:00:00.000Z")]
    [InlineData("ge2026-11-16", "ge 2026-11-16T00:00:00.000Z")]
    [InlineData("lt2026-11-16", "lt 2026-11-16T00:00:00.000Z")]
    [InlineData("le2026-11-16", "lt 2026-11-17T00:00:00.000Z")]
    [InlineData("gt2026-11-16T08:00:00Z", "ge 2026-11-16T08:00:01.000Z")]
    [InlineData("2026-11-16T08:00:00+01:00", "ge 2026-11-16T07:00:00.000Z", "lt 2026-11-16T07:00:01.000Z")]
    [InlineData("le2026-11-16T08:00:00.250Z", "lt 2026-11-16T08:00:00.251Z")]
    public void Parse_LastUpdated_PrefixesAndPrecisionBecomeBounds(string raw, params string[] expected)
    {
        var bounds = Query("Task", ("_lastUpdated", raw)).LastUpdated;

        Assert.Equal(expected, bounds.Select(b =>
            $"{b.Comparator} {DateTimeOffset.FromUnixTimeMilliseconds(b.UnixMs).UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}"));
    }

    [Theory]
    [InlineData("ne2026-11")]
    [InlineData("2026-13")]
    [InlineData("yesterday")]
    public void Parse_LastUpdatedNotADate_InvalidErrorAndNoQuery(string raw)
    {
        var (query, issues) = Parse("Task", "_lastUpdated", raw);

        Assert.Null(query);
        var issue = Assert.Single(issues);
        Assert.Equal((IssueType.Invalid, OperationOutcome.IssueSeverity.Error), (issue.Code!.Value, issue.Severity!.Value));
        Assert.Equal("_lastUpdated", Assert.Single(issue.Expression));
    }

    [Theory]
    [InlineData("50", 50)]
    [InlineData("100", 100)]
    [InlineData("101", 100)]
    [InlineData("5000", 100)]
    public void Parse_Count_CappedAtMaxCount(string raw, int expected)
    {
        var query = Query("Task", ("_count", raw));

        Assert.Equal(expected, query.Count);
        Assert.Contains(("_count", expected.ToString(System.Globalization.CultureInfo.InvariantCulture)), query.Applied);
    }

    [Theory]
    [InlineData("_count", "-1")]
    [InlineData("_count", "ten")]
    [InlineData("_cursor", "x")]
    public void Parse_CountOrCursorNotAWholeNumber_InvalidError(string name, string raw)
    {
        var (query, issues) = Parse("Task", name, raw);

        Assert.Null(query);
        Assert.Equal(name, Assert.Single(Assert.Single(issues).Expression));
    }

    [Fact]
    public void Parse_Defaults_TwentyFromTheStart()
    {
        var query = Query("Task");

        Assert.Equal(20, query.Count);
        Assert.Equal(0, query.Cursor);
        Assert.Empty(query.Filters);
    }

    [Fact]
    public void Parse_IdCursorAndFormat_IdsSplitCursorKeptFormatIgnored()
    {
        var query = Query("Task", ("_id", "a,b"), ("_cursor", "42"), ("_format", "json"), ("_pretty", "true"));

        Assert.Equal(["a", "b"], query.Ids);
        Assert.Equal(42, query.Cursor);
        Assert.Equal([("_id", "a,b")], query.Applied);
    }

    [Fact]
    public void Parse_UnknownParameterLenient_IgnoredWithWarning()
    {
        var (query, issues) = Parse("Task", "colour", "blue", strict: false);

        Assert.NotNull(query);
        Assert.Empty(query.Filters);
        var issue = Assert.Single(issues);
        Assert.Equal((OperationOutcome.IssueSeverity.Warning, IssueType.NotSupported), (issue.Severity!.Value, issue.Code!.Value));
        Assert.Equal("colour", Assert.Single(issue.Expression));
    }

    [Fact]
    public void Parse_UnknownParameterStrict_ErrorAndNoQuery()
    {
        var (query, issues) = Parse("Task", "colour", "blue", strict: true);

        Assert.Null(query);
        var issue = Assert.Single(issues);
        Assert.Equal((OperationOutcome.IssueSeverity.Error, IssueType.NotSupported), (issue.Severity!.Value, issue.Code!.Value));
    }

    [Fact]
    public void Parse_ParameterOfAnotherType_Unknown()
    {
        var (query, issues) = Parse("Patient", "focus", "ServiceRequest/1", strict: true);

        Assert.Null(query);
        Assert.Equal("focus", Assert.Single(Assert.Single(issues).Expression));
    }
}
