using System.Globalization;
using System.Text.RegularExpressions;
using Hl7.Fhir.FhirPath;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Testing;

/// <summary>
/// Whether a resource matches one search parameter, by the parameter's FHIRPath expression in the R4 definitions
/// (<see cref="ModelInfo.SearchParameters"/>) and its type: token, reference, date, string, uri. A
/// <c>.where(resolve() is T)</c> in an expression becomes a check of the reference's type, so nothing needs resolving.
/// </summary>
public static partial class SearchMatch
{
    private static readonly Dictionary<(string Type, string Name), SearchParamDefinition> Definitions = ModelInfo.SearchParameters
        .Where(p => p.Resource is not null && p.Expression is not null)
        .GroupBy(p => (p.Resource!, p.Name!)).ToDictionary(g => g.Key, g => g.First());

    public static bool Knows(string type, string name) =>
        name is "_id" or "_lastUpdated" or "_tag" or "_profile" or "_security" || Definitions.ContainsKey((type, name)) || Definitions.ContainsKey(("Resource", name));

    public static bool Matches(Resource resource, string parameter, string value, Func<string, Resource?> resolve)
    {
        var (name, modifier) = parameter.Split(':', 2) is [var n, var m] ? (n, m) : (parameter, "");
        var alternatives = value.Split(',');
        var hit = modifier == "missing"
            ? Values(resource, name).Any() != (value == "true")
            : alternatives.Any(v => MatchesOne(resource, name, modifier, v));
        return modifier == "not" ? !hit : hit;
    }

    /// <summary>
    /// In <c>_sort</c> order (comma list, "-" for descending, by each parameter's first value), then by last update and
    /// id: the order a server gives when asked for none.
    /// </summary>
    public static List<Resource> Sorted(IEnumerable<Resource> matches, string? sort)
    {
        var ordered = matches.OrderBy(_ => 0);
        foreach (var key in (sort ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = key.TrimStart('-');
            string? First(Resource r) => Values(r, name).Select(v => v.Value switch
            {
                FhirDateTime d => d.ToDateTimeOffset(TimeSpan.Zero).UtcTicks.ToString("D20", CultureInfo.InvariantCulture),
                Instant i => i.Value?.UtcTicks.ToString("D20", CultureInfo.InvariantCulture),
                var other => Primitive(other),
            }).FirstOrDefault();
            ordered = key.StartsWith('-') ? ordered.ThenByDescending(First, StringComparer.Ordinal) : ordered.ThenBy(First, StringComparer.Ordinal);
        }

        return [.. ordered.ThenBy(r => r.Meta?.LastUpdated).ThenBy(r => r.Id, StringComparer.Ordinal)];
    }

    /// <summary>The references a reference parameter holds on <paramref name="resource"/> (for _include and _revinclude).</summary>
    public static IEnumerable<string> References(Resource resource, string name) =>
        Values(resource, name).Select(v => v.Value).OfType<ResourceReference>().Select(r => r.Reference).OfType<string>();

    private static bool MatchesOne(Resource resource, string name, string modifier, string value) => name switch
    {
        "_id" => resource.Id == value,
        "_lastUpdated" => resource.Meta?.LastUpdated is { } at && Date(new FhirDateTime(at), value),
        "_tag" => resource.Meta?.Tag.Any(t => Token(t, value)) == true,
        "_security" => resource.Meta?.Security.Any(t => Token(t, value)) == true,
        "_profile" => resource.Meta?.Profile.Contains(value) == true,
        _ => Definition(resource.TypeName, name) is { } d && Values(resource, name).Any(v => d.Type switch
        {
            SearchParamType.Token => Token(v.Value, value),
            SearchParamType.Reference => Reference(v.Value, v.Target, value),
            SearchParamType.Date => Date(v.Value, value),
            SearchParamType.String => Text(v.Value, value, modifier == "exact"),
            SearchParamType.Uri => Primitive(v.Value) == value,
            SearchParamType.Number => decimal.TryParse(value, CultureInfo.InvariantCulture, out var n) && Primitive(v.Value) == n.ToString(CultureInfo.InvariantCulture),
            _ => throw new NotSupportedException($"The test server does not search {d.Type} parameters ({resource.TypeName}.{name})."),
        }),
    };

    private static SearchParamDefinition? Definition(string type, string name) =>
        Definitions.GetValueOrDefault((type, name)) ?? Definitions.GetValueOrDefault(("Resource", name));

    /// <summary>The elements the parameter's expression selects, each with the resource type a <c>resolve() is T</c> asks of it.</summary>
    private static IEnumerable<(Base Value, string? Target)> Values(Resource resource, string name)
    {
        if (Definition(resource.TypeName, name)?.Expression is not { } expression)
        {
            return [];
        }

        return expression.Split(" | ").Select(p => p.Trim()).Select(p => p.StartsWith('(') && p.EndsWith(')') ? p[1..^1] : p)
            .Where(p => p.StartsWith(resource.TypeName + ".", StringComparison.Ordinal) || p.StartsWith("Resource.", StringComparison.Ordinal) || p.Contains(" as ", StringComparison.Ordinal))
            .SelectMany(path =>
            {
                var target = ResolveIs().Match(path) is { Success: true } m ? m.Groups[1].Value : null;
                return resource.Select(ResolveIs().Replace(path, "")).OfType<Base>().Select(v => (v, target));
            });
    }

    [GeneratedRegex(@"\.where\(resolve\(\) is (\w+)\)")]
    private static partial Regex ResolveIs();

    private static bool Token(Base element, string value)
    {
        var (system, code) = value.Split('|', 2) is [var sys, var cd] ? (sys, cd) : ((string?)null, value);
        bool Is(string? sys, string? cd) => (system is null || system == (sys ?? "")) && (code.Length == 0 || code == cd);
        return element switch
        {
            Coding coding => Is(coding.System, coding.Code),
            CodeableConcept cc => cc.Coding.Any(cd => Is(cd.System, cd.Code)),
            Identifier i => Is(i.System, i.Value),
            ContactPoint cp => code == cp.Value,
            _ => system is null or "" && code == Primitive(element),
        };
    }

    private static bool Reference(Base element, string? target, string value)
    {
        var reference = element switch { ResourceReference r => r.Reference, _ => Primitive(element) };
        if (reference is null || (target is not null && !reference.StartsWith(target + "/", StringComparison.Ordinal) && !reference.Contains("/" + target + "/", StringComparison.Ordinal)))
        {
            return false;
        }

        return value.Contains('/', StringComparison.Ordinal)
            ? reference == value || reference.EndsWith("/" + value, StringComparison.Ordinal) || value.EndsWith("/" + reference, StringComparison.Ordinal)
            : reference.EndsWith("/" + value, StringComparison.Ordinal);
    }

    private static bool Text(Base element, string value, bool exact)
    {
        var texts = element switch
        {
            HumanName n => [n.Text, n.Family, .. n.Given],
            Address a => [a.Text, a.City, a.State, a.PostalCode, a.Country, .. a.Line],
            _ => new[] { Primitive(element) },
        };
        return texts.OfType<string>().Any(t => exact ? t == value : t.StartsWith(value, StringComparison.OrdinalIgnoreCase));
    }

    private static string? Primitive(Base element) => element is PrimitiveType p ? p.ToString() : null;

    /// <summary>FHIR's date comparison: the search value and the element are ranges at their own precision; the prefix says how they must relate.</summary>
    private static bool Date(Base element, string value)
    {
        var prefix = value.Length > 2 && char.IsLetter(value[0]) ? value[..2] : "eq";
        var search = Range(new FhirDateTime(prefix == "eq" && !char.IsLetter(value[0]) ? value : value[2..]));
        var target = element switch
        {
            Period p => (Low: p.StartElement is { } s ? Range(s).Low : DateTimeOffset.MinValue, High: p.EndElement is { } e ? Range(e).High : DateTimeOffset.MaxValue),
            Instant i when i.Value is { } at => (at, at),
            Date d => Range(new FhirDateTime(d.Value)),
            FhirDateTime dt => Range(dt),
            _ => ((DateTimeOffset Low, DateTimeOffset High)?)null,
        };
        if (target is not { } t)
        {
            return false;
        }

        return prefix switch
        {
            "eq" => t.Low >= search.Low && t.High <= search.High,
            "ne" => !(t.Low >= search.Low && t.High <= search.High),
            "gt" or "sa" => t.High > search.High,
            "lt" or "eb" => t.Low < search.Low,
            "ge" => t.High >= search.Low,
            "le" => t.Low <= search.High,
            _ => throw new NotSupportedException($"The test server does not know the date prefix '{prefix}'."),
        };
    }

    private static (DateTimeOffset Low, DateTimeOffset High) Range(FhirDateTime value)
    {
        var low = value.ToDateTimeOffset(TimeSpan.Zero);
        var text = value.Value ?? "";
        var high = text.Length switch
        {
            4 => low.AddYears(1),
            7 => low.AddMonths(1),
            10 => low.AddDays(1),
            _ => low.AddTicks(1),
        };
        return (low, high.AddTicks(-1));
    }
}
