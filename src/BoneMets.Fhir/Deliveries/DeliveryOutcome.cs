using BoneMets.Fhir.Store;

namespace BoneMets.Fhir.Deliveries;

/// <summary>What one delivery attempt came to, classified before anything is retried (ADR 0011).</summary>
public abstract record DeliveryOutcome
{
    /// <summary>The partner has it; what it calls each resource.</summary>
    public sealed record Delivered(IReadOnlyList<PartnerVersion> Learnt) : DeliveryOutcome;

    /// <summary>Transient (connection, timeout, 5xx, 429, a conflict that kept moving): try again, after RetryAfter when the partner said.</summary>
    public sealed record Retry(string Reason, TimeSpan? RetryAfter) : DeliveryOutcome;

    /// <summary>Permanent (a 4xx with an OperationOutcome): resending unchanged cannot help, an operator must look.</summary>
    public sealed record Park(string Reason) : DeliveryOutcome;
}
