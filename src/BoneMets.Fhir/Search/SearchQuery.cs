using System.Globalization;
using BoneMets.Fhir.Fhir;
using Hl7.Fhir.Model;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace BoneMets.Fhir.Search;

/// <summary>One parameter's values, OR-ed; several filters are AND-ed.</summary>
public sealed record SearchFilter(SearchParameterDefinition Parameter, IReadOnlyList<(string? System, string Value, bool AnySystem)> Values);

/// <summary>A _lastUpdated bound: the comparison and the instant in Unix milliseconds.</summary>
public sealed record DateBound(string Comparator, long UnixMs);

/// <summary>A parsed FHIR search on one resource type. Paging is keyset: _cursor is the last row's sequence number.</summary>
public sealed record SearchQuery(
    string ResourceType,
    IReadOnlyList<SearchFilter> Filters,
    IReadOnlyList<string> Ids,
    IReadOnlyList<DateBound> LastUpdated,
    int Count,
    long Cursor,
    IReadOnlyList<(string Name, string Value)> Applied)
{
    public const int DefaultCount = 20;
    public const int MaxCount = 100;

    /// <summary>
    /// Only resources written for this partner's referrals (ADR 0016), applied in the store's query so totals and pages
    /// count nothing else. Null: every resource (operator and auditor clients, the service itself). Never parsed from
    /// the request: set from the caller's access token by <see cref="Store.PartnerView"/>.
    /// </summary>
    public string? VisibleTo { get; init; }

    /// <summary>The page's _include and _revinclude (<see cref="SearchInclude"/>), served per page as search mode "include".</summary>
    public IReadOnlyList<SearchInclude> Includes { get; init; } = [];

    /// <summary>
    /// Parses a query string. Unknown parameters are ignored and reported as warnings (FHIR's default), or are
    /// errors when the client sent <c>Prefer: handling=strict</c>.
    /// </summary>
    public static (SearchQuery? Query, List<OperationOutcome.IssueComponent> Issues) Parse(
        string resourceType, IEnumerable<KeyValuePair<string, string>> parameters, bool strict)
    {
        var issues = new List<OperationOutcome.IssueComponent>();
        var filters = new List<SearchFilter>();
        var ids = new List<string>();
        var dates = new List<DateBound>();
        var applied = new List<(string, string)>();
        var includes = new List<SearchInclude>();
        int count = DefaultCount;
        long cursor = 0;

        foreach (var (name, value) in parameters)
        {
            switch (name)
            {
                case "_count" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var c):
                    count = Math.Min(c, MaxCount);
                    // The self link shows the count used, which is how a capped _count is visible (no outcome entry:
                    // clients count a page's entries).
                    applied.Add((name, count.ToString(CultureInfo.InvariantCulture)));

                    break;
                case "_cursor" when long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var k):
                    cursor = k;
                    break;
                case "_id":
                    ids.AddRange(value.Split(',', StringSplitOptions.RemoveEmptyEntries));
                    applied.Add((name, value));
                    break;
                case "_lastUpdated":
                    if (ParseDate(value) is { } bounds)
                    {
                        dates.AddRange(bounds);
                        applied.Add((name, value));
                    }
                    else
                    {
                        issues.Add(Outcomes.Error(IssueType.Invalid, "_lastUpdated",
                            $"'{value}' is not a FHIR date search value (e.g. ge2026-11-01 or gt2026-11-01T08:00:00Z)."));
                    }

                    break;
                case "_count" or "_cursor":
                    issues.Add(Outcomes.Error(IssueType.Invalid, name, $"'{value}' is not a whole number."));
                    break;
                case "_format" or "_pretty":
                    break;
                case "_include" or "_revinclude":
                    var (include, problem) = SearchInclude.Parse(resourceType, name == "_revinclude", value);
                    if (include is not null)
                    {
                        includes.Add(include);
                        applied.Add((name, value));
                    }
                    else
                    {
                        issues.Add(Ignored(strict, name, problem!));
                    }

                    break;
                case "_include:iterate" or "_revinclude:iterate" or "_include:recurse" or "_revinclude:recurse":
                    issues.Add(Ignored(strict, name, $"{name} is not supported: this server includes one level only."));
                    break;
                default:
                    if (SearchParameters.Find(resourceType, name) is { } definition)
                    {
                        filters.Add(new SearchFilter(definition, ParseValues(definition, value)));
                        applied.Add((name, value));
                    }
                    else
                    {
                        var severity = strict ? OperationOutcome.IssueSeverity.Error : OperationOutcome.IssueSeverity.Warning;
                        issues.Add(Outcomes.Issue(severity, IssueType.NotSupported, name,
                            $"The search parameter '{name}' is not supported on {resourceType}" + (strict ? "." : " and was ignored.")));
                    }

                    break;
            }
        }

        if (issues.HasErrors())
        {
            return (null, issues);
        }

        return (new SearchQuery(resourceType, filters, ids, dates, count, cursor, applied) { Includes = includes }, issues);
    }

    /// <summary>What the server does with what it cannot serve: ignore it with a warning, or refuse under handling=strict.</summary>
    private static OperationOutcome.IssueComponent Ignored(bool strict, string name, string problem) =>
        Outcomes.Issue(strict ? OperationOutcome.IssueSeverity.Error : OperationOutcome.IssueSeverity.Warning, IssueType.NotSupported, name,
            strict ? problem : problem + " It was ignored.");

    private static List<(string?, string, bool)> ParseValues(SearchParameterDefinition definition, string raw) =>
        raw.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v =>
        {
            if (definition.Type == IndexKind.Reference)
            {
                var normalized = ReferenceValue.Normalize(v);
                // A bare id means "that id of the parameter's target type" (or any type when the target is open).
                return normalized.Contains('/', StringComparison.Ordinal) || normalized.StartsWith("urn:", StringComparison.Ordinal)
                    ? ((string?)null, normalized, false)
                    : (null, definition.TargetType is null ? "*/" + normalized : $"{definition.TargetType}/{normalized}", false);
            }

            var bar = v.IndexOf('|', StringComparison.Ordinal);
            return bar < 0 ? (null, v, true) : (v[..bar], v[(bar + 1)..], false);
        }).ToList();

    /// <summary>Turns a FHIR date search value into bounds; a partial date ("2026-11") covers its whole period for eq.</summary>
    internal static List<DateBound>? ParseDate(string value)
    {
        var prefixes = new[] { "eq", "gt", "ge", "lt", "le" };
        var prefix = value.Length > 2 && prefixes.Contains(value[..2]) ? value[..2] : "eq";
        var text = value.Length > 2 && prefixes.Contains(value[..2]) ? value[2..] : value;
        if (!FhirDateTime.IsValidValue(text))
        {
            return null;
        }

        var start = new FhirDateTime(text).ToDateTimeOffset(TimeSpan.Zero);
        var end = text.Length switch
        {
            4 => start.AddYears(1),
            7 => start.AddMonths(1),
            10 => start.AddDays(1),
            _ => text.Contains('.', StringComparison.Ordinal) ? start.AddMilliseconds(1) : start.AddSeconds(1),
        };
        long s = start.ToUnixTimeMilliseconds(), e = end.ToUnixTimeMilliseconds();
        return prefix switch
        {
            "gt" => [new("ge", e)],
            "ge" => [new("ge", s)],
            "lt" => [new("lt", s)],
            "le" => [new("lt", e)],
            _ => [new("ge", s), new("lt", e)],
        };
    }
}
