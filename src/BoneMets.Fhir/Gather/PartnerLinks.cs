namespace BoneMets.Fhir.Gather;

/// <summary>
/// Which paging links of a partner's search may be followed. A next link is followed when, resolved against the
/// partner's base URL, it stays on the partner's own origin (scheme, host ignoring case, port with the scheme's
/// default filled in) and under its base path. That takes in every form FHIR servers write:
/// <c>{base}/ServiceRequest?…&amp;_offset=…</c> (Firely, the project's stubs), HAPI's <c>{base}?_getpages=…&amp;_getpagesoffset=…</c>,
/// path-style <c>{base}/ServiceRequest/_search?…</c> or <c>{base}/_page/…</c>, and links relative to the base
/// (<c>ServiceRequest?…</c>, <c>?_getpages=…</c>, <c>/fhir/…</c>). A link anywhere else (another host, port, scheme or
/// a path outside the base) is refused: the caller must record a gap, never silently stop.
/// </summary>
public static class PartnerLinks
{
    /// <summary>The absolute URL to follow, or null when <paramref name="link"/> leaves the partner's API (or is not a URL).</summary>
    public static Uri? Resolve(string baseUrl, string? link)
    {
        if (string.IsNullOrWhiteSpace(link) || !Uri.TryCreate(baseUrl.TrimEnd('/'), UriKind.Absolute, out var root))
        {
            return null;
        }

        link = link.Trim();
        Uri? target;
        if (Uri.TryCreate(link, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            target = absolute;
        }
        else if (link.StartsWith('?'))
        {
            // HAPI's relative form: the query goes on the base itself, not on "{base}/".
            Uri.TryCreate(root.GetLeftPart(UriPartial.Path) + link, UriKind.Absolute, out target);
        }
        else
        {
            Uri.TryCreate(new Uri(root.GetLeftPart(UriPartial.Path) + "/"), link, out target);
        }

        return target is not null && IsUnder(root, target) ? target : null;
    }

    /// <summary>"https://ehr.example:443" for logs: which server a refused link named, without its path or query (no ids).</summary>
    public static string Origin(string link) =>
        Uri.TryCreate(link, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri.GetLeftPart(UriPartial.Authority) : "(relative)";

    private static bool IsUnder(Uri root, Uri target)
    {
        if (!string.Equals(root.Scheme, target.Scheme, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(root.IdnHost, target.IdnHost, StringComparison.OrdinalIgnoreCase)
            || root.Port != target.Port)
        {
            return false;
        }

        // Paths are compared as the server sees them (case matters), without "." or ".." left after resolution.
        var basePath = root.AbsolutePath.TrimEnd('/');
        var path = target.AbsolutePath;
        return path == basePath || path == basePath + "/" || path.StartsWith(basePath + "/", StringComparison.Ordinal);
    }
}
