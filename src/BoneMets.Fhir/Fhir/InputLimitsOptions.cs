using System.ComponentModel.DataAnnotations;

namespace BoneMets.Fhir.Fhir;

/// <summary>
/// What a request body or a request may be, checked before any FHIR parsing (ADR 0014). The body's byte limit stays
/// Messaging:MaxMessageBytes; these bound its shape, and the HTTP limits bound slow and oversized requests. Section "Limits".
/// </summary>
public sealed class InputLimitsOptions
{
    public const string Section = "Limits";

    /// <summary>Deepest JSON nesting (objects and arrays). A referral message needs about 12. Default 32.</summary>
    [Range(8, 64)]
    public int MaxDepth { get; set; } = 32;

    /// <summary>Most entries in Bundle.entry. Referral messages carry tens. Default 500.</summary>
    [Range(1, 10_000)]
    public int MaxEntries { get; set; } = 500;

    /// <summary>Most items in any other JSON array (coding, extension, component …). Default 1,000.</summary>
    [Range(10, 100_000)]
    public int MaxArrayItems { get; set; } = 1_000;

    /// <summary>
    /// Most properties in one JSON object. The widest FHIR resource has under 100 elements, twice that with their
    /// primitive `_name` siblings; an object with thousands of unknown names is refused here, because Firely's parse
    /// of it costs seconds. Default 500.
    /// </summary>
    [Range(50, 100_000)]
    public int MaxProperties { get; set; } = 500;

    /// <summary>Longest JSON string or property name, in bytes as sent. Inline attachments beyond this go by reference. Default 4 MiB.</summary>
    [Range(1024, 512 * 1024 * 1024)]
    public int MaxStringBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// How much of an oversized body is read and thrown away so that the client, still sending, reads its 413 rather
    /// than a reset connection (HTTP/1.1 clients send the whole body before reading the answer). Read in 16 KiB pieces
    /// and discarded, so it costs time, not memory; beyond it the 413 is sent and the connection closed. Default 64 MiB.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int MaxDrainBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Longest time to receive a request's headers (Kestrel RequestHeadersTimeout). Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan HeadersTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Slowest body a client may send, in bytes per second after a grace period (Kestrel MinRequestBodyDataRate);
    /// a slower client is disconnected rather than holding a connection. Default 1,024 B/s after 5 s.
    /// </summary>
    [Range(1, 10 * 1024 * 1024)]
    public int MinBodyBytesPerSecond { get; set; } = 1024;

    /// <summary>Grace before the body data rate is enforced; Kestrel wants more than 1 s. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:02", "00:05:00")]
    public TimeSpan MinBodyRateGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Largest total size of a request's headers, in bytes; larger gets 431 from Kestrel. Default 32 KiB.</summary>
    [Range(4 * 1024, 1024 * 1024)]
    public int MaxHeadersBytes { get; set; } = 32 * 1024;

    /// <summary>Longest request line (method, URL, version), in bytes; longer gets 414 from Kestrel. Default 8 KiB.</summary>
    [Range(1024, 64 * 1024)]
    public int MaxRequestLineBytes { get; set; } = 8 * 1024;
}
