using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;

namespace BoneMets.Fhir.Fhir;

/// <summary>
/// Literal references read by Firely's <see cref="ResourceIdentity"/> (type, id, version, base) instead of by splitting
/// on '/'. A reference that names no RESTful resource — <c>urn:uuid:…</c>, a contained <c>#x</c>, a search URL, a bare
/// id, a lower-case "type" — is null, never a guess.
/// </summary>
public static class References
{
    /// <summary>"Type/id", "Type/id/_history/v" or an absolute URL ending so; null for anything else.</summary>
    public static ResourceIdentity? Of(string? reference)
    {
        if (string.IsNullOrEmpty(reference) || reference[0] == '#' || reference.StartsWith("urn:", StringComparison.Ordinal)
            || !Uri.TryCreate(reference, UriKind.RelativeOrAbsolute, out _))
        {
            return null;
        }

        var identity = new ResourceIdentity(reference);
        return identity.IsRestResourceIdentity() && char.IsAsciiLetterUpper(identity.ResourceType[0]) ? identity : null;
    }

    /// <summary>
    /// Exactly "Type/id" of an R4 resource type — no base, no version, no trailing slash or query: the form the service
    /// keys its own references by, as strict as the splitting it replaces.
    /// </summary>
    public static ResourceIdentity? Local(string? reference) =>
        Of(reference) is { IsRelativeRestUrl: true, VersionId: null } identity
        && reference == $"{identity.ResourceType}/{identity.Id}" && ModelInfo.IsKnownResource(identity.ResourceType)
            ? identity
            : null;
}
