namespace BoneMets.Fhir.Pipeline;

/// <summary>The wait before another attempt, for referrals and deliveries alike; the one place jitter is drawn.</summary>
public static class RetryBackoff
{
    /// <summary>
    /// base × 2^(attempt−1) with ±20% jitter, so that failed items do not retry in lockstep; a longer wait the other
    /// side asked for (Retry-After) wins; never above the cap.
    /// </summary>
    public static TimeSpan After(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, TimeSpan? asked = null)
    {
        var exponential = baseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempt - 1));
        var wait = TimeSpan.FromMilliseconds(Math.Min(exponential, maxDelay.TotalMilliseconds) * Jitter(0.8, 1.2));
        if (asked is { } longer && longer > wait)
        {
            wait = longer;
        }

        return wait > maxDelay ? maxDelay : wait;
    }

    /// <summary>
    /// A wait that must not be shorter than <paramref name="floor"/> (or a longer <paramref name="asked"/>): up to 20% more,
    /// so referrals deferred together do not come back together; never above the cap. For a partner that is down.
    /// </summary>
    public static TimeSpan AtLeast(TimeSpan floor, TimeSpan maxDelay, TimeSpan? asked = null)
    {
        var wait = (asked is { } longer && longer > floor ? longer : floor) * Jitter(1.0, 1.2);
        return wait > maxDelay ? maxDelay : wait;
    }

#pragma warning disable CA5394 // jitter needs no cryptographic randomness
    private static double Jitter(double low, double high) => low + (Random.Shared.NextDouble() * (high - low));
#pragma warning restore CA5394
}
