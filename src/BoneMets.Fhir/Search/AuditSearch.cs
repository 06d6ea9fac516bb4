using System.Globalization;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Search;
using Hl7.Fhir.Model;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace BoneMets.Fhir.Search;

/// <summary>One indexed parameter's values, OR-ed (a comma in the value); several filters are AND-ed.</summary>
public sealed record AuditFilter(string Param, IReadOnlyList<(string? System, string Value, bool AnySystem)> Values);

/// <summary>
/// A search of the audit trail: AuditEvent's <c>date</c> (recorded), <c>agent</c> (the requestor's id or a reference),
/// <c>entity</c> (a reference), <c>outcome</c>, <c>type</c> and <c>subtype</c>, with the keyset paging of the other searches.
/// </summary>
public sealed record AuditSearch(
    IReadOnlyList<DateBound> Recorded,
    IReadOnlyList<AuditFilter> Filters,
    int Count,
    long Cursor,
    IReadOnlyList<(string Name, string Value)> Applied)
{
    /// <summary>The token and reference parameters, as the index names them.</summary>
    public static readonly IReadOnlyList<string> Indexed = ["agent", "entity", "outcome", "type", "subtype"];

    /// <summary>Parses a query; unknown parameters are warnings, or errors under <c>Prefer: handling=strict</c> (as other searches).</summary>
    public static (AuditSearch? Search, List<OperationOutcome.IssueComponent> Issues) Parse(IEnumerable<KeyValuePair<string, string>> parameters, bool strict)
    {
        var issues = new List<OperationOutcome.IssueComponent>();
        var dates = new List<DateBound>();
        var filters = new List<AuditFilter>();
        var applied = new List<(string, string)>();
        var count = SearchQuery.DefaultCount;
        long cursor = 0;
        foreach (var (name, value) in parameters)
        {
            switch (name)
            {
                case "_count" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var c):
                    count = Math.Min(c, SearchQuery.MaxCount);
                    applied.Add((name, count.ToString(CultureInfo.InvariantCulture)));
                    break;
                case "_cursor" when long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var k):
                    cursor = k;
                    break;
                case "_count" or "_cursor":
                    issues.Add(Outcomes.Error(IssueType.Invalid, name, $"'{value}' is not a whole number."));
                    break;
                case "date" when SearchQuery.ParseDate(value) is { } bounds:
                    dates.AddRange(bounds);
                    applied.Add((name, value));
                    break;
                case "date":
                    issues.Add(Outcomes.Error(IssueType.Invalid, "date", $"'{value}' is not a FHIR date search value (e.g. ge2026-12-01 or lt2026-12-04T08:00:00Z)."));
                    break;
                case "_format" or "_pretty":
                    break;
                case var indexed when Indexed.Contains(indexed, StringComparer.Ordinal):
                    filters.Add(new AuditFilter(name, value.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Token).ToList()));
                    applied.Add((name, value));
                    break;
                default:
                    var severity = strict ? OperationOutcome.IssueSeverity.Error : OperationOutcome.IssueSeverity.Warning;
                    issues.Add(Outcomes.Issue(severity, IssueType.NotSupported, name,
                        $"The search parameter '{name}' is not supported on AuditEvent" + (strict ? "." : " and was ignored.")));
                    break;
            }
        }

        return issues.HasErrors() ? (null, issues) : (new AuditSearch(dates, filters, count, cursor, applied), issues);
    }

    /// <summary>"system|code", "code" (any system) or "|code" (no system); a reference or a client id has no bar and matches as sent.</summary>
    private static (string?, string, bool) Token(string value)
    {
        var bar = value.IndexOf('|', StringComparison.Ordinal);
        return bar < 0 ? (null, value, true) : (value[..bar], value[(bar + 1)..], false);
    }
}
