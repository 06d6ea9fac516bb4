using System.Security.Cryptography;
using System.Text;

namespace BoneMets.Fhir.Fhir;

/// <summary>
/// Ids derived from a referral's identity, so that processing the same referral again (a crash, a replay, a
/// resend after the cache expired) writes new versions of the same resources, never second copies.
/// </summary>
public static class DeterministicId
{
    public static string For(string referralKey, string role)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(referralKey + "\n" + role));
        // 16 bytes as hex: 35 characters with the prefix, well inside the 64 that FHIR allows for an id.
        return "bm-" + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    /// <summary>A uuid derived from an id, for urn:uuid fullUrls that stay the same across resends.</summary>
    public static string UuidOf(string id) => new Guid(Convert.FromHexString(For(id, "uuid")[3..])).ToString();
}
