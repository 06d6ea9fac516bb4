namespace BoneMets.Fhir.Pipeline;

/// <summary>The wait before another attempt, for referrals and deliveries alike.</summary>
public static class RetryBackoff
{
    /// <summary>
    /// base × 2^(attempt−1) with ±20% jitter, so that failed items do not retry in lockstep; a longer wait the other
    /// side asked for (Retry-After) wins; never above the cap.
    /// </summary>
    public static TimeSpan After(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, TimeSpan? asked = null)
    {
        var exponential = baseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempt - 1));
#pragma warning disable CA5394 // jitter needs no cryptographic randomness
        var wait = TimeSpan.FromMilliseconds(Math.Min(exponential, maxDelay.TotalMilliseconds) * (0.8 + (Random.Shared.NextDouble() * 0.4)));
#pragma warning restore CA5394
        if (asked is { } longer && longer > wait)
        {
            wait = longer;
        }

        return wait > maxDelay ? maxDelay : wait;
    }
}
