namespace BoneMets.Fhir.Service.Auth;

/// <summary>
/// A SMART v2 system scope, "system/{Type or *}.{permissions}" with permissions an ordered subset of "cruds"
/// (create, read, update, delete, search). Granting and checking are by value.
/// </summary>
public sealed record SmartScope(string ResourceType, string Permissions)
{
    private const string Order = "cruds";

    public override string ToString() => $"system/{ResourceType}.{Permissions}";

    /// <summary>True when this scope grants every permission of <paramref name="wanted"/> on its type.</summary>
    public bool Covers(SmartScope wanted) =>
        (ResourceType == "*" || ResourceType == wanted.ResourceType) && wanted.Permissions.All(Permissions.Contains);

    public static bool TryParse(string text, out SmartScope scope)
    {
        scope = new SmartScope("", "");
        if (!text.StartsWith("system/", StringComparison.Ordinal) || text.LastIndexOf('.') is var dot && dot < 8)
        {
            return false;
        }

        var type = text[7..dot];
        var permissions = text[(dot + 1)..];
        if (!(type == "*" || (type.All(char.IsAsciiLetter) && char.IsAsciiLetterUpper(type[0]))) || !InOrder(permissions))
        {
            return false;
        }

        scope = new SmartScope(type, permissions);
        return true;
    }

    public static bool TryParseAll(string? text, out IReadOnlyList<SmartScope> scopes)
    {
        var parsed = new List<SmartScope>();
        scopes = parsed;
        foreach (var part in (text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!TryParse(part, out var scope))
            {
                return false;
            }

            parsed.Add(scope);
        }

        return true;
    }

    /// <summary>The requested scopes the allowed ones cover (RFC 6749 §3.3: the server may grant fewer than asked).</summary>
    public static IReadOnlyList<SmartScope> Grant(IEnumerable<SmartScope> requested, IReadOnlyList<SmartScope> allowed) =>
        [.. requested.Where(r => allowed.Any(a => a.Covers(r))).Distinct()];

    private static bool InOrder(string permissions)
    {
        if (permissions.Length == 0)
        {
            return false;
        }

        var last = -1;
        foreach (var c in permissions)
        {
            var at = Order.IndexOf(c, StringComparison.Ordinal);
            if (at <= last)
            {
                return false;
            }

            last = at;
        }

        return true;
    }
}
