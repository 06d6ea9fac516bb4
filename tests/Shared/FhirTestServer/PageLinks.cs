namespace BoneMets.Fhir.Testing;

/// <summary>The forms FHIR servers write their next links in; the test server pages in any of them.</summary>
public enum PageLinkForm
{
    /// <summary><c>{base}/Type?…&amp;_offset=N</c> (Firely; the test server's default).</summary>
    Absolute,

    /// <summary>HAPI FHIR: <c>{base}?_getpages={id}&amp;_getpagesoffset=N&amp;_count=…&amp;_bundletype=searchset</c>.</summary>
    HapiGetPages,

    /// <summary><c>{base}/Type/_search?…&amp;_offset=N</c>.</summary>
    PathSearch,

    /// <summary><c>{base}/_page/{id}/N</c>.</summary>
    PathPage,

    /// <summary><c>Type?…&amp;_offset=N</c>, relative to the base.</summary>
    Relative,

    /// <summary>Absolute, but on another host (localhost ↔ 127.0.0.1, the same stub): must be refused, never followed.</summary>
    OtherHost,
}

/// <summary>Writes a stub's next link in a <see cref="PageLinkForm"/>; shared by the test server and the tests.</summary>
public static class PageLinks
{
    public static string Next(PageLinkForm form, string baseUrl, string type, string query, string searchId, int offset, int count) => form switch
    {
        PageLinkForm.Absolute => $"{baseUrl}/{type}?{query}&_offset={offset}",
        PageLinkForm.HapiGetPages => $"{baseUrl}?_getpages={searchId}&_getpagesoffset={offset}&_count={count}&_pretty=true&_bundletype=searchset",
        PageLinkForm.PathSearch => $"{baseUrl}/{type}/_search?{query}&_offset={offset}",
        PageLinkForm.PathPage => $"{baseUrl}/_page/{searchId}/{offset}",
        PageLinkForm.Relative => $"{type}?{query}&_offset={offset}",
        PageLinkForm.OtherHost => $"{OtherHost(baseUrl)}/{type}?{query}&_offset={offset}",
        _ => throw new ArgumentOutOfRangeException(nameof(form)),
    };

    /// <summary>The same server under another host name, so following the link would work and only the check stops it.</summary>
    public static string OtherHost(string baseUrl) => baseUrl.Contains("://localhost", StringComparison.Ordinal)
        ? baseUrl.Replace("://localhost", "://127.0.0.1", StringComparison.Ordinal)
        : baseUrl.Replace("://127.0.0.1", "://localhost", StringComparison.Ordinal);
}
