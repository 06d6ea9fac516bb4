using System.ComponentModel.DataAnnotations;

namespace BoneMets.Fhir.Pipeline;

/// <summary>Intake limits, the reliable-messaging cache and where asynchronous replies may go. Section "Messaging".</summary>
public sealed class MessagingOptions : IValidatableObject
{
    public const string Section = "Messaging";

    /// <summary>Largest message body accepted, in bytes; larger gets 413. Default 10 MiB.</summary>
    [Range(1024, 512 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>
    /// How long Bundle.id + MessageHeader.id are remembered, in minutes (declared as reliableCache in the
    /// CapabilityStatement; R4 asks that it outlive the sender's timeout by at least a minute). Default 7 days.
    /// </summary>
    [Range(2, 525_600)]
    public int ReliableCacheMinutes { get; set; } = 7 * 24 * 60;

    /// <summary>
    /// Reply endpoints any sender may name (<c>response-url</c>, or <c>MessageHeader.source.endpoint</c> with
    /// <c>async=true</c>), besides the resolved partner's <c>WriteBack:MessagingEndpoint</c> and <c>SourceEndpoints</c>.
    /// Absolute https URLs (http only for loopback), matched exactly. Default none: a sender with no partner cannot ask
    /// for an asynchronous answer. The service POSTs to a reply endpoint, so it must never be one the sender made up (SSRF).
    /// </summary>
    public List<string> ReplyEndpoints { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var endpoint in ReplyEndpoints)
        {
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
            {
                yield return new ValidationResult(
                    $"Messaging:ReplyEndpoints '{endpoint}' must be an absolute https URL (http only for loopback).", [nameof(ReplyEndpoints)]);
            }
        }
    }
}
