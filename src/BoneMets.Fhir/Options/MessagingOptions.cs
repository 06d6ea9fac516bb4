using System.ComponentModel.DataAnnotations;

namespace BoneMets.Fhir.Options;

/// <summary>Intake limits and the reliable-messaging cache. Section "Messaging".</summary>
public sealed class MessagingOptions
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
}
