using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Terminology;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Intake;

/// <summary>
/// References-only referrals: a message whose MessageHeader.focus is the absolute URL of a ServiceRequest or Task
/// on a partner's server. Bundle.id and MessageHeader.id derive from (focus URL, version), so learning of the same
/// version twice — by notification, $events or poll — is a reliable-messaging replay, processed once.
/// (Contract shared with branch gather-refs; that branch owns the pipeline's resolution of the pointer.)
/// </summary>
public static class ReferralPointers
{
    public static Bundle Message(string focusUrl, string? versionId, DateTimeOffset now, string sourceEndpoint)
    {
        var key = $"{focusUrl}|{versionId}";
        var header = new MessageHeader
        {
            Id = DeterministicId.For(key, "pointer-header"),
            Event = new Coding(CodeSystems.V2EventType, ClinicalCodes.ReferralEvent),
            Source = new MessageHeader.MessageSourceComponent { Endpoint = sourceEndpoint },
            Focus = [new ResourceReference(focusUrl)],
        };
        return new Bundle
        {
            Id = DeterministicId.For(key, "pointer-bundle"),
            Type = Bundle.BundleType.Message,
            Timestamp = now,
            Entry = [new Bundle.EntryComponent { FullUrl = $"urn:uuid:{Guid.NewGuid()}", Resource = header }],
        };
    }
}
