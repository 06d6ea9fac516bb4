using System.Text.RegularExpressions;

namespace BoneMets.Fhir.Audit;

/// <summary>What a request to the FHIR base is, as the audit trail names it: the interaction, the resource it names, the type it searches.</summary>
public sealed record RestRequest(AuditInteraction Interaction, IReadOnlyList<string> Entities, string? SearchType = null);

/// <summary>
/// Reads a request's method and path (below the FHIR base) into a <see cref="RestRequest"/>, for every request, routed or
/// not: a probe of a route that does not exist is audited too. A type or id that is not a FHIR name or id (R4 id: 1 to
/// 64 of A-Z, a-z, 0-9, '-' and '.') is not copied into the AuditEvent: the path is the caller's text.
/// </summary>
public static partial class RestRequests
{
    public static RestRequest Describe(string method, string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var get = method is "GET" or "HEAD";
        return segments switch
        {
            ["auth", "token"] => new(AuditInteraction.Login, []),
            ["metadata"] or [".well-known", "smart-configuration"] when get => new(AuditInteraction.Capabilities, []),
            [var op, ..] when op.StartsWith('$') => new(AuditInteraction.Operation, []),
            [var type] when get && IsType(type) => new(AuditInteraction.SearchType, [], type),
            [var type, "_search"] when method == "POST" && IsType(type) => new(AuditInteraction.SearchType, [], type),
            [var type, "_history"] when get && IsType(type) => new(AuditInteraction.HistoryType, []),
            [var type, var id] when IsType(type) && IsId(id) => new(ByMethod(method, AuditInteraction.Operation), [$"{type}/{id}"]),
            [var type, var id, "_history"] when get && IsType(type) && IsId(id) => new(AuditInteraction.HistoryInstance, [$"{type}/{id}"]),
            [var type, var id, "_history", var version] when get && IsType(type) && IsId(id) && IsVersion(version) =>
                new(AuditInteraction.VRead, [$"{type}/{id}/_history/{version}"]),
            [var type, var id, var op] when op.StartsWith('$') && IsType(type) && IsId(id) => new(AuditInteraction.Operation, [$"{type}/{id}"]),
            [var type] when method == "POST" && IsType(type) => new(AuditInteraction.Create, []),
            _ => new(ByMethod(method, AuditInteraction.Operation), []),
        };
    }

    private static AuditInteraction ByMethod(string method, AuditInteraction otherwise) => method switch
    {
        "GET" or "HEAD" => AuditInteraction.Read,
        "PUT" => AuditInteraction.Update,
        "PATCH" => AuditInteraction.Patch,
        "DELETE" => AuditInteraction.Delete,
        _ => otherwise,
    };

    private static bool IsType(string segment) => segment.Length is > 0 and <= 64 && char.IsAsciiLetterUpper(segment[0]) && segment.All(char.IsAsciiLetter);

    private static bool IsVersion(string segment) => segment.Length is > 0 and <= 9 && segment.All(char.IsAsciiDigit);

    private static bool IsId(string segment) => FhirId().IsMatch(segment);

    [GeneratedRegex(@"\A[A-Za-z0-9\-\.]{1,64}\z")]
    private static partial Regex FhirId();
}
