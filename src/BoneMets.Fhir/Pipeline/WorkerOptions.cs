using System.ComponentModel.DataAnnotations;

namespace BoneMets.Fhir.Pipeline;

/// <summary>The background worker that processes the inbox. Section "Worker".</summary>
public sealed class WorkerOptions : IValidatableObject
{
    public const string Section = "Worker";

    /// <summary>Whether this instance processes referrals (intake always runs). Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Referrals processed at once. Gathering waits on partners' EHRs, so more than one keeps a slow partner from
    /// holding the queue; each claim is atomic. Default 4.
    /// </summary>
    [Range(1, 64)]
    public int Concurrency { get; set; } = 4;

    /// <summary>Attempts before a referral is parked for an operator. Default 5.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Delay before the first retry; doubled for each further attempt. Default 2 s.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest delay between retries. Default 5 minutes.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a referral waits when its partner is unavailable (a longer Retry-After wins, up to RetryMaxDelay).
    /// Such waits do not count against MaxAttempts. Default 30 s.
    /// </summary>
    public TimeSpan PartnerRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Delivery loops sending the write-back outbox (ADR 0011); 0 stops delivery on this instance (deliveries stay
    /// queued). Default 2.
    /// </summary>
    [Range(0, 64)]
    public int DeliveryConcurrency { get; set; } = 2;

    /// <summary>How often an idle worker looks for due retries when nothing new arrives. Default 1 s.</summary>
    public TimeSpan IdlePoll { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The shortest IdlePoll accepted: anything shorter makes an idle worker spin on the store.</summary>
    public static readonly TimeSpan MinIdlePoll = TimeSpan.FromMilliseconds(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IdlePoll < MinIdlePoll)
        {
            yield return new ValidationResult($"{Section}:{nameof(IdlePoll)} must be at least {MinIdlePoll.TotalMilliseconds} ms (was {IdlePoll}): a shorter poll makes an idle worker spin.", [nameof(IdlePoll)]);
        }

        foreach (var (name, value) in new[] { (nameof(RetryBaseDelay), RetryBaseDelay), (nameof(RetryMaxDelay), RetryMaxDelay), (nameof(PartnerRetryDelay), PartnerRetryDelay) })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return new ValidationResult($"{Section}:{name} must be positive (was {value}).", [name]);
            }
        }

        if (RetryBaseDelay > RetryMaxDelay)
        {
            yield return new ValidationResult($"{Section}:{nameof(RetryBaseDelay)} ({RetryBaseDelay}) must not exceed {Section}:{nameof(RetryMaxDelay)} ({RetryMaxDelay}).", [nameof(RetryBaseDelay), nameof(RetryMaxDelay)]);
        }
    }
}
