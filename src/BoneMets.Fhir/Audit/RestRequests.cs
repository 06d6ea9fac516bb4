using System.Text.RegularExpressions;

namespace BoneMets.Fhir.Audit;

/// <summary>What a request to the FHIR base is, as the audit trail names it: the interaction, the resource it names, the type it searches.</summary>
public sealed record RestRequest(AuditInteraction Interaction, IReadOnlyList<string> Entities, string? SearchType = null);

/// <summary>
/// Reads a request's method and path into a <see cref="RestRequest"/> when the path is below the FHIR base (null
/// otherwise), for every request, routed or not: a probe of a route that does not exist is audited too. The path is read
/// as routing reads it (literals case-insensitive, empty segments skipped), so "//FHIR/Patient" is no way around the
/// audit. A type or id that is not a FHIR name or id (R4 id: 1 to 64 of A-Z, a-z, 0-9, '-' and '.') is not copied
/// into the AuditEvent: the path is the caller's text.
/// </summary>
public static partial class RestRequests
{
    public static RestRequest? Describe(string method, string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments is not [var root, ..] || !Is(root, "fhir"))
        {
            return null;
        }

        method = method.ToUpperInvariant();
        var get = method is "GET" or "HEAD";
        return segments[1..] switch
        {
            [var a, var t] when Is(a, "auth") && Is(t, "token") => new(AuditInteraction.Login, []),
            [var m] when get && Is(m, "metadata") => new(AuditInteraction.Capabilities, []),
            [var w, var s] when get && Is(w, ".well-known") && Is(s, "smart-configuration") => new(AuditInteraction.Capabilities, []),
            [var op, ..] when op.StartsWith('$') => new(AuditInteraction.Operation, []),
            [var type] when get && IsType(type) => new(AuditInteraction.SearchType, [], type),
            [var type, var s] when method == "POST" && IsType(type) && Is(s, "_search") => new(AuditInteraction.SearchType, [], type),
            [var type, var h] when get && IsType(type) && Is(h, "_history") => new(AuditInteraction.HistoryType, []),
            [var type, var id] when IsType(type) && IsId(id) => new(ByMethod(method, AuditInteraction.Operation), [$"{type}/{id}"]),
            [var type, var id, var h] when get && IsType(type) && IsId(id) && Is(h, "_history") => new(AuditInteraction.HistoryInstance, [$"{type}/{id}"]),
            [var type, var id, var h, var version] when get && IsType(type) && IsId(id) && Is(h, "_history") && IsVersion(version) =>
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

    private static bool Is(string segment, string literal) => segment.Equals(literal, StringComparison.OrdinalIgnoreCase);

    private static bool IsType(string segment) => segment.Length is > 0 and <= 64 && char.IsAsciiLetterUpper(segment[0]) && segment.All(char.IsAsciiLetter);

    private static bool IsVersion(string segment) => segment.Length is > 0 and <= 9 && segment.All(char.IsAsciiDigit);

    private static bool IsId(string segment) => FhirId().IsMatch(segment);

    [GeneratedRegex(@"\A[A-Za-z0-9\-\.]{1,64}\z")]
    private static partial Regex FhirId();
}
