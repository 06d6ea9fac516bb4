using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Partners;

namespace BoneMets.Fhir.Gather;

/// <summary>A partner's concurrency and request-rate limits, one pair per partner for the life of the service.</summary>
public sealed class PartnerLimiters : IDisposable
{
    private readonly ConcurrentDictionary<string, PartnerLimiter> limiters = new(StringComparer.Ordinal);

    internal PartnerLimiter For(string partnerId, PartnerLimitOptions limits) => limiters.GetOrAdd(partnerId, _ => new PartnerLimiter(
        new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = limits.MaxConcurrency, QueueLimit = int.MaxValue }),
        new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = limits.RequestsPerSecond,
            TokensPerPeriod = limits.RequestsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = int.MaxValue,
            AutoReplenishment = true,
        })));

    public void Dispose()
    {
        foreach (var limiter in limiters.Values)
        {
            limiter.Concurrency.Dispose();
            limiter.Rate.Dispose();
        }
    }
}

internal sealed record PartnerLimiter(ConcurrencyLimiter Concurrency, TokenBucketRateLimiter Rate);

/// <summary>Waits for a slot and a token before each attempt, so no retry storm or backlog hammers the partner.</summary>
internal sealed class PartnerLimitHandler(PartnerLimiter limiter) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var slot = await limiter.Concurrency.AcquireAsync(1, cancellationToken);
        using var token = await limiter.Rate.AcquireAsync(1, cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}
