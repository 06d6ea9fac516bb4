using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Testing;

/// <summary>A FHIR search as a server reads it: the filters (AND across parameters, OR within a comma list) and the result parameters.</summary>
public sealed record SearchQuery(string Type, IReadOnlyList<(string Name, string Value)> Parameters)
{
    /// <summary>Parameters that shape the result rather than filter it.</summary>
    private static readonly HashSet<string> ResultParameters =
        ["_count", "_offset", "_include", "_revinclude", "_sort", "_elements", "_summary", "_format", "_pretty", "_total", "_bundletype"];

    public static SearchQuery Parse(string type, string query) => new(type, [.. QueryString.Parse(query)]);

    public IEnumerable<(string Name, string Value)> Filters => Parameters.Where(p => !ResultParameters.Contains(p.Name.Split(':')[0]));

    public IEnumerable<string> All(string name) => Parameters.Where(p => p.Name == name).Select(p => p.Value);

    public int? Number(string name) => All(name).Select(v => int.TryParse(v, out var n) ? n : (int?)null).FirstOrDefault();

    /// <summary>The query without <paramref name="drop"/>, encoded again (for next links).</summary>
    public string Without(params string[] drop) => QueryString.Format(Parameters.Where(p => !drop.Contains(p.Name)));

    /// <summary>The first filter the server does not know for this type (answered 400, as HAPI does by default), or null.</summary>
    public string? UnknownFilter() => Filters.Select(f => f.Name.Split(':')[0]).FirstOrDefault(n => !SearchMatch.Knows(Type, n));

    public bool Matches(Resource resource, Func<string, Resource?> resolve) =>
        Filters.All(f => SearchMatch.Matches(resource, f.Name, f.Value, resolve));
}

/// <summary>Query strings read and written in order, repeated names kept, values percent-decoded.</summary>
public static class QueryString
{
    public static IEnumerable<(string Name, string Value)> Parse(string? query) =>
        (query ?? "").TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => (Decode(p[0]), Decode(p.ElementAtOrDefault(1) ?? "")));

    public static string Format(IEnumerable<(string Name, string Value)> parameters) =>
        string.Join("&", parameters.Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value)}"));

    private static string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));
}
