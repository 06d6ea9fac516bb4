using System.Net;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Case;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using BoneMets.Fhir.Partners;

namespace BoneMets.Fhir.Gather;

/// <summary>
/// One named HttpClient per partner: auth (outermost, so a 401 re-authenticates once around the whole
/// pipeline) → resilience (total timeout → retry → circuit breaker → attempt timeout) → the partner's limits.
/// The circuit breaker lives in the pipeline registry under the client's name, so it is per partner and channel
/// (<see cref="PartnerChannel"/>) and survives handler rotation.
/// </summary>
/// <summary>What a partner's requests are for; each has its own client, circuit breaker and limits.</summary>
public enum PartnerChannel { Gather, WriteBack, Messaging }

public static class PartnerHttp
{
    /// <summary>Marks a POST that only reads (a batch of GETs), so the retry may repeat it.</summary>
    public static readonly HttpRequestOptionsKey<bool> SafeToRetry = new("bonemets.safe-to-retry");

    public const string TokenClient = "bonemets-smart-token";

    /// <summary>The gather client (reads, references-only fetches, subscriptions).</summary>
    public static string ClientName(string partnerId) => "bonemets-partner-" + partnerId;

    /// <summary>
    /// The client of one of a partner's channels. Each channel (gather, FHIR write-back, messaging) is a bulkhead: its
    /// own pipeline, so its own circuit breaker, and its own concurrency and rate limits, all from the partner's one
    /// <see cref="PartnerOptions.Limits"/> — a write-back server timing out neither opens the gathering circuit nor
    /// takes the gathering slots, and the other way round.
    /// </summary>
    public static string ClientName(string partnerId, PartnerChannel channel) =>
        channel == PartnerChannel.Gather ? ClientName(partnerId) : $"{ClientName(partnerId)}-{channel.ToString().ToLowerInvariant()}";

    /// <summary>
    /// The gather stage and its partners' clients. The partners are read from configuration at registration (one
    /// named client each); <see cref="PartnersOptions"/> itself is resolved, and validated, from the container.
    /// </summary>
    public static IServiceCollection AddPartnerGathering(this IServiceCollection services, PartnersOptions partners)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PartnerDirectory>();
        services.AddSingleton<PartnerCapabilities>();
        services.AddSingleton<PartnerReferrals>();
        services.TryAddSingleton(Validation.ResourceValidator.Default);
        services.AddSingleton<PartnerTokens>();
        services.AddSingleton<PartnerLimiters>();
        services.TryAddSingleton<IClinicalContextSource, PartnerContextSource>();

        services.AddHttpClient(TokenClient, c => c.Timeout = TimeSpan.FromSeconds(30));
        foreach (var (id, partner) in partners)
        {
            var limits = partner.Limits;
            foreach (var channel in Enum.GetValues<PartnerChannel>())
            {
                var name = ClientName(id, channel);
                var client = services.AddHttpClient(name, c => c.Timeout = Timeout.InfiniteTimeSpan)
                    .AddHttpMessageHandler(sp => new PartnerAuthHandler(id, partner.Auth, sp.GetRequiredService<PartnerTokens>()));
                client.AddResilienceHandler("partner", (builder, context) => Configure(builder, limits, context.ServiceProvider.GetRequiredService<TimeProvider>()));
                client.AddHttpMessageHandler(sp => new PartnerLimitHandler(sp.GetRequiredService<PartnerLimiters>().For(name, limits)));
                client.AddHttpMessageHandler(sp => new PartnerRequestLog(id, partner.BaseUrl ?? "", sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<PartnerFhir>>()));
            }
        }

        return services;
    }

    internal static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, PartnerLimitOptions limits, TimeProvider clock)
    {
        builder
            .AddTimeout(new HttpTimeoutStrategyOptions { Timeout = limits.TotalTimeout })
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, limits.MaxRetries),
                Delay = limits.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(limits.MaxRetries > 0
                    && IsSafe(args.Context.GetRequestMessage())
                    && HttpClientResiliencePredicates.IsTransient(args.Outcome)
                    && !RetryAfterTooLong(args.Outcome.Result, limits.MaxRetryAfter, clock.GetUtcNow())),
            })
            .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = limits.CircuitFailureRatio,
                MinimumThroughput = limits.CircuitMinimumThroughput,
                SamplingDuration = limits.CircuitSamplingDuration,
                BreakDuration = limits.CircuitBreakDuration,
            })
            .AddTimeout(new HttpTimeoutStrategyOptions { Timeout = limits.AttemptTimeout });
    }

    /// <summary>
    /// Reads are safe; a POST when marked (a batch of reads); a write only when conditional (If-None-Exist,
    /// If-Match), which the server makes idempotent. Any other write is never retried: a timed-out create may
    /// have happened.
    /// </summary>
    internal static bool IsSafe(HttpRequestMessage? request) => request is not null
        && (request.Method == HttpMethod.Get || request.Method == HttpMethod.Head
            || (request.Options.TryGetValue(SafeToRetry, out var safe) && safe)
            || request.Headers.Contains("If-None-Exist") || request.Headers.IfMatch.Count > 0);

    /// <summary>A partner asking for a longer pause than we wait inside one request: answer now and defer the referral.</summary>
    private static bool RetryAfterTooLong(HttpResponseMessage? response, TimeSpan max, DateTimeOffset now) =>
        response is { StatusCode: HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable }
        && RetryAfter(response, now) > max;

    /// <summary>The response's Retry-After as a delay (seconds or an HTTP date), or null.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - now,
            _ => null,
        };
}
