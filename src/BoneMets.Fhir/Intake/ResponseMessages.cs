using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Terminology;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Intake;

/// <summary>
/// FHIR response messages (R4 messaging): a message Bundle whose MessageHeader answers the request's
/// MessageHeader.id with ok | fatal-error, its details an OperationOutcome in the same Bundle.
/// </summary>
public static class ResponseMessages
{
    public static Bundle Respond(
        MessageHeader request, MessageHeader.ResponseType code, OperationOutcome details, string serviceBaseUrl, DateTimeOffset now, string? idSeed = null)
    {
        // idSeed: ids derived from it instead of fresh, so a response posted again is the same message (async replies).
        string NewId(string role) => idSeed is null ? Guid.NewGuid().ToString() : DeterministicId.UuidOf(DeterministicId.For(idSeed, role));
        var headerId = NewId("response-header");
        details.Id ??= NewId("response-outcome");
        var header = new MessageHeader
        {
            Id = headerId,
            Event = request.Event is Coding c ? (Coding)c.DeepCopy() : new Coding(CodeSystems.V2EventType, ClinicalCodes.ReferralEvent),
            Source = new MessageHeader.MessageSourceComponent
            {
                Name = "BoneMets.Fhir",
                Software = "BoneMets.Fhir",
                Endpoint = serviceBaseUrl + "/$process-message",
            },
            Response = new MessageHeader.ResponseComponent
            {
                Identifier = request.Id,
                Code = code,
                Details = new ResourceReference("urn:uuid:" + details.Id),
            },
        };
        if (request.Source?.Endpoint is { } replyTo)
        {
            header.Destination = [new MessageHeader.MessageDestinationComponent { Endpoint = replyTo, Name = request.Source.Name }];
        }

        return new Bundle
        {
            Id = NewId("response-bundle"),
            Type = Bundle.BundleType.Message,
            Timestamp = now,
            Entry =
            [
                new() { FullUrl = "urn:uuid:" + headerId, Resource = header },
                new() { FullUrl = "urn:uuid:" + details.Id, Resource = details },
            ],
        };
    }
}
