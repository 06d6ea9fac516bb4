using BoneMets.Fhir.Search;

namespace BoneMets.Fhir.Audit;

/// <summary>
/// The search as an AuditEvent may keep it: every parameter name, and the values that name no person. A value is kept
/// for paging and result controls (_count, _include…), for references ("Patient/p1" is an id, not a name) and for
/// codes and statuses the read API indexes; anything else — name, birthdate, address, phone, identifier (an MRN is
/// PHI), a chained or unknown parameter — is replaced by <see cref="Redacted"/>. An allow-list, so a parameter the
/// API learns later is redacted until someone decides it names no one.
/// </summary>
public static class AuditQuery
{
    public const string Redacted = "(redacted)";

    private static readonly HashSet<string> Controls = new(StringComparer.Ordinal)
    {
        "_id", "_count", "_cursor", "_include", "_revinclude", "_lastUpdated", "_sort", "_summary", "_elements", "_total", "_format",
    };

    public static string Redact(string? resourceType, IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join('&', parameters.Select(p =>
            Uri.EscapeDataString(p.Key) + "=" + (KeepsValue(resourceType, p.Key) ? Uri.EscapeDataString(p.Value) : Redacted)));

    private static bool KeepsValue(string? resourceType, string name)
    {
        var baseName = name.Split(':')[0];
        if (Controls.Contains(baseName))
        {
            return true;
        }

        // A chain (patient.name) or a reverse chain (_has:…) searches the content of another resource.
        if (resourceType is null || baseName.Contains('.', StringComparison.Ordinal) || baseName.StartsWith('_'))
        {
            return false;
        }

        // The audit trail's own parameters are client ids, references, codes and times.
        if (resourceType == "AuditEvent")
        {
            return baseName == "date" || AuditSearch.Indexed.Contains(baseName, StringComparer.Ordinal);
        }

        return SearchParameters.Find(resourceType, baseName) is { } known && (known.Type == IndexKind.Reference || known.Name != "identifier");
    }
}
