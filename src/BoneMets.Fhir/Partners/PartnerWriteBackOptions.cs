namespace BoneMets.Fhir.Partners;

/// <summary>
/// Whether and where the program writes back to a partner. Entry "Partners:{id}:WriteBack". Off by default:
/// a partner is first a source to gather from; writing into its EHR is agreed separately, and until it is the
/// write-back stays in this service's own store (readable through its FHIR API).
/// </summary>
public sealed class PartnerWriteBackOptions
{
    /// <summary>Deliver the write-back (Task, CommunicationRequests, Appointment, Provenance) to the partner. Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>The FHIR base URL the write-back transaction goes to. Optional: defaults to the partner's BaseUrl.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>
    /// Where response and status-update messages are POSTed ($process-message of the partner's messaging endpoint).
    /// Optional: without it, messages go only to a sender that asked for an asynchronous answer.
    /// </summary>
    public string? MessagingEndpoint { get; set; }

    /// <summary>First delay after a failed delivery, doubled per attempt with jitter; a Retry-After wins. Default 2 s.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest delay between delivery attempts. A partner outage never parks a delivery. Default 10 minutes.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Re-read and re-plan rounds after a version conflict (409/412) within one attempt. Default 3.</summary>
    public int MaxConflictRounds { get; set; } = 3;

    /// <summary>
    /// Attempts after which a delivery the partner accepted but whose result could not be verified (their copy does not
    /// hold what was sent, or it cannot be found) is parked with the reason instead of retried. Default 5.
    /// </summary>
    public int MaxUnverifiedAttempts { get; set; } = 5;

    /// <summary>The base URL write-back goes to: <see cref="BaseUrl"/> or the partner's own; null for a message-only partner.</summary>
    public string? FhirBase(PartnerOptions partner) => BaseUrl ?? partner.BaseUrl;

    internal IEnumerable<string> Problems(string at)
    {
        if (BaseUrl is not null && !IsBase(BaseUrl))
        {
            yield return $"{at}:BaseUrl '{BaseUrl}' must be an absolute http(s) URL without a trailing slash.";
        }

        if (MessagingEndpoint is not null && !(Uri.TryCreate(MessagingEndpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            yield return $"{at}:MessagingEndpoint '{MessagingEndpoint}' must be an absolute http(s) URL.";
        }

        if (RetryBaseDelay <= TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay)
        {
            yield return $"{at}: RetryBaseDelay must be positive and RetryMaxDelay at least RetryBaseDelay.";
        }

        if (MaxConflictRounds is < 1 or > 10)
        {
            yield return $"{at}:MaxConflictRounds must be 1..10.";
        }

        if (MaxUnverifiedAttempts is < 1 or > 100)
        {
            yield return $"{at}:MaxUnverifiedAttempts must be 1..100.";
        }
    }

    private static bool IsBase(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && !url.EndsWith('/');
}
