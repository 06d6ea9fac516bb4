namespace BoneMets.Fhir.Service.Auth;

/// <summary>
/// Which /fhir requests need a token and which SMART v2 scope each needs, by value: metadata, SMART discovery and the
/// token endpoint are open; posting a referral message needs system/ServiceRequest.c; a read or vread of a type needs
/// system/&lt;Type&gt;.r, a search system/&lt;Type&gt;.s (system/&lt;Type&gt;.rs grants both); anything else under /fhir needs a valid
/// token and is then answered by its route (404 or 405). Notifications from partners' FHIR servers (/notifications)
/// are not under /fhir: they carry their subscription's secret header instead (the partner's server gets no token).
/// </summary>
public static class FhirAccessPolicy
{
    public abstract record Requirement
    {
        private Requirement()
        {
        }

        public sealed record Open : Requirement;

        public sealed record Token : Requirement;

        public sealed record Scope(SmartScope Needed, string Interaction) : Requirement;
    }

    /// <remarks>
    /// Read the path as routing does (routes match case-insensitively, and empty segments are skipped), so that
    /// "/FHIR/Patient" or "//fhir/Patient" cannot reach a route the gate took for something else.
    /// </remarks>
    public static Requirement For(string method, string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments is not [var root, ..] || !root.Equals("fhir", StringComparison.OrdinalIgnoreCase))
        {
            return new Requirement.Open();
        }

        var get = HttpMethods.IsGet(method) || HttpMethods.IsHead(method);
        switch (segments[1..])
        {
            case [var m] when get && Is(m, "metadata"):
            case [var w, var s] when get && Is(w, ".well-known") && Is(s, "smart-configuration"):
            case [var a, var t] when HttpMethods.IsPost(method) && Is(a, "auth") && Is(t, "token"):
                return new Requirement.Open();
            case [var p] when HttpMethods.IsPost(method) && Is(p, "$process-message"):
                return new Requirement.Scope(new SmartScope("ServiceRequest", "c"), "operation");
            case [var type] when get && IsType(type):
                return new Requirement.Scope(new SmartScope(type, "s"), "search-type");
            case [var type, _] when get && IsType(type):
                return new Requirement.Scope(new SmartScope(type, "r"), "read");
            case [var type, _, var history, _] when get && IsType(type) && Is(history, "_history"):
                return new Requirement.Scope(new SmartScope(type, "r"), "vread");
            default:
                return new Requirement.Token();
        }
    }

    private static bool Is(string segment, string literal) => segment.Equals(literal, StringComparison.OrdinalIgnoreCase);

    private static bool IsType(string segment) => segment.Length > 0 && char.IsAsciiLetterUpper(segment[0]) && segment.All(char.IsAsciiLetter);
}
