using System.Security.Cryptography;
using System.Text;
using BoneMets.Fhir.Fhir;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Pipeline;

/// <summary>
/// A referral's version as the dedup key sees it: the server's meta.versionId, or — when the resource carries
/// none (messages often do not) — a hash of its content without meta, so an unchanged copy has the same version
/// whichever path it came by.
/// </summary>
public static class ReferralVersion
{
    public static string Of(Resource resource)
    {
        if (resource.Meta?.VersionId is { Length: > 0 } version)
        {
            return version;
        }

        var copy = (Resource)resource.DeepCopy();
        copy.Meta = null;
        return "sha256-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(FhirJson.Serialize(copy))).AsSpan(0, 16));
    }
}
