using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Intake;

/// <summary>
/// Where a references-only referral lives: the absolute URL of its BSeR Task or ServiceRequest on the referrer's
/// FHIR server ("notify and pull"), e.g. https://ehr.example.org/fhir/ServiceRequest/123, optionally versioned
/// (…/_history/4). <see cref="Url"/> is always unversioned; <see cref="BaseUrl"/> is what names the partner.
/// </summary>
public sealed record ReferralPointer(string BaseUrl, string Type, string Id, string? VersionId)
{
    /// <summary>The referral's absolute URL without its version.</summary>
    public string Url => $"{BaseUrl}/{Type}/{Id}";

    /// <summary>"Type/id" or "Type/id/_history/v": what to read at the partner.</summary>
    public string Read => VersionId is null ? $"{Type}/{Id}" : $"{Type}/{Id}/_history/{VersionId}";

    /// <summary>
    /// The inbox key until the referral is fetched: the ServiceRequest's own key (<see cref="ReferralMessage.KeyOf"/>)
    /// is known only then. Versions share it: they are one referral.
    /// </summary>
    public string InboxKey => "remote|" + Url;

    /// <summary>
    /// A pointer when the reference is an absolute http(s) RESTful URL to a Task or ServiceRequest
    /// ([base]/Type/id or [base]/Type/id/_history/v); null for anything else (urn:uuid, relative, other types).
    /// </summary>
    public static ReferralPointer? Parse(string? reference)
    {
        if (reference is null || !Uri.TryCreate(reference, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            return null;
        }

        var parts = reference.Split('/');
        string? version = null;
        if (parts.Length > 5 && parts[^2] == "_history")
        {
            version = parts[^1];
            parts = parts[..^2];
        }

        if (parts.Length < 5 || parts[^2] is not ("ServiceRequest" or "Task") || !IsId(parts[^1]) || (version is not null && !IsId(version)))
        {
            return null;
        }

        return new ReferralPointer(string.Join('/', parts[..^2]), parts[^2], parts[^1], version);
    }

    /// <summary>FHIR's id type: 1–64 of [A-Za-z0-9\-\.].</summary>
    private static bool IsId(string value) =>
        value.Length is > 0 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.');
}

/// <summary>A message that carries only a pointer to its referral (and perhaps a few resources, which win over fetched copies).</summary>
public sealed record PointerMessage(Bundle Bundle, MessageHeader Header, ReferralPointer Focus)
{
    public string BundleId => Bundle.Id!;

    public string HeaderId => Header.Id!;
}
