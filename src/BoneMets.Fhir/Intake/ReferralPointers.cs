using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Terminology;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Intake;

/// <summary>
/// Builds references-only referral messages: how a referral learnt of by other means (a subscription
/// notification, a poll) enters the same intake as a posted one, with the same reliable messaging.
/// </summary>
public static class ReferralPointers
{
    /// <summary>
    /// A message Bundle whose MessageHeader focuses <paramref name="focusUrl"/> (the referral's Task or ServiceRequest
    /// at a partner, unversioned) at <paramref name="versionId"/>. Bundle.id and MessageHeader.id are derived from the
    /// URL and the version, so the same referral version arriving twice is a reliable-messaging replay, not new work;
    /// a new version is a new message. Throws when the URL is not a referral pointer.
    /// </summary>
    public static Bundle Message(string focusUrl, string? versionId, DateTimeOffset now, string sourceEndpoint)
    {
        var pointer = ReferralPointer.Parse(focusUrl)
            ?? throw new ArgumentException("Expected an absolute URL of a Task or ServiceRequest: [base]/Task/id or [base]/ServiceRequest/id.", nameof(focusUrl));
        if (pointer.VersionId is not null && versionId is not null && pointer.VersionId != versionId)
        {
            throw new ArgumentException("The URL's version and versionId disagree.", nameof(versionId));
        }

        var version = versionId ?? pointer.VersionId;
        var identity = pointer.Url + "\n" + (version ?? "");
        var headerId = Uuid(DeterministicId.For(identity, "message-header"));
        var header = new MessageHeader
        {
            Id = headerId,
            Event = new Coding(CodeSystems.V2EventType, ClinicalCodes.ReferralEvent, "REF/RRI - Patient referral"),
            Source = new MessageHeader.MessageSourceComponent { Endpoint = sourceEndpoint },
            Focus = [new ResourceReference(version is null ? pointer.Url : $"{pointer.Url}/_history/{version}")],
        };
        return new Bundle
        {
            Id = Uuid(DeterministicId.For(identity, "message-bundle")),
            Type = Bundle.BundleType.Message,
            Timestamp = now,
            Entry = [new Bundle.EntryComponent { FullUrl = "urn:uuid:" + headerId, Resource = header }],
        };
    }

    /// <summary>A deterministic id as a name-based (version 5 layout) UUID, so the header's fullUrl can be urn:uuid.</summary>
    private static string Uuid(string deterministicId)
    {
        var hex = deterministicId["bm-".Length..].ToCharArray();
        hex[12] = '5';
        hex[16] = "89ab"[Convert.ToInt32(hex[16].ToString(), 16) & 3];
        var s = new string(hex);
        return $"{s[..8]}-{s[8..12]}-{s[12..16]}-{s[16..20]}-{s[20..32]}";
    }
}
