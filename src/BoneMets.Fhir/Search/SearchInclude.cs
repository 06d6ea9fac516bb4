using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Search;

/// <summary>
/// One <c>_include</c> (<see cref="Reverse"/> false: what the matches reference under a parameter of the searched type)
/// or <c>_revinclude</c> (true: the resources of another type that reference the matches under one of its
/// parameters), after FHIR R4 search §3.1.1.5.4: <c>Source:parameter</c> or <c>Source:parameter:TargetType</c>.
/// Any reference parameter of <see cref="SearchParameters"/> may be used; one level only (no <c>:iterate</c>).
/// </summary>
public sealed record SearchInclude(bool Reverse, SearchParameterDefinition Parameter, string? TargetType)
{
    public string Name => Reverse ? "_revinclude" : "_include";

    public string Value => $"{Parameter.Resource}:{Parameter.Name}" + (TargetType is null ? "" : ":" + TargetType);

    /// <summary>The include, or why it cannot be served on a search of <paramref name="searched"/>.</summary>
    public static (SearchInclude? Include, string? Problem) Parse(string searched, bool reverse, string value)
    {
        var name = reverse ? "_revinclude" : "_include";
        var parts = value.Split(':');
        if (parts.Length is < 2 or > 3 || parts.Any(p => p.Length == 0))
        {
            return (null, $"{name} '{Shown(value)}' is not Type:parameter or Type:parameter:TargetType.");
        }

        var (source, parameter, target) = (parts[0], parts[1], parts.Length == 3 ? parts[2] : null);
        if (!reverse && source != searched)
        {
            return (null, $"{name} '{Shown(value)}' names {Shown(source)}, not the searched type {searched}.");
        }

        if (SearchParameters.Find(source, parameter) is not { Type: IndexKind.Reference } definition)
        {
            return (null, $"{name} '{Shown(value)}' is not supported: it must name a reference search parameter this server supports on {Shown(source)}.");
        }

        var pointsAt = reverse ? target ?? searched : target;
        if (reverse && target is not null && target != searched)
        {
            return (null, $"{name} '{Shown(value)}' targets {Shown(target)}, not the searched type {searched}.");
        }

        if (pointsAt is not null && (!ModelInfo.IsKnownResource(pointsAt) || (definition.TargetType is { } only && only != pointsAt)))
        {
            return (null, $"{name} '{Shown(value)}': {definition.Resource}:{definition.Name} never points at {Shown(pointsAt)}.");
        }

        return (new SearchInclude(reverse, definition, target), null);
    }

    /// <summary>What <paramref name="resource"/> references under the parameter, as "Type/id" (of the target type when given).</summary>
    public IEnumerable<string> Targets(Resource resource) =>
        SearchParameters.Extract(resource)
            .Where(v => v.Param == Parameter.Name && v.System is null)
            .Select(v => v.Value)
            .Where(r => r.Split('/') is [{ } type, { Length: > 0 }] && ModelInfo.IsKnownResource(type) && (TargetType is null || type == TargetType));

    /// <summary>The caller's text, shown only when it is short and plain (it is echoed into an OperationOutcome).</summary>
    private static string Shown(string text) =>
        text.Length <= 100 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is ':' or '-' or '_' or '*' or '.') ? text : "(value)";
}
