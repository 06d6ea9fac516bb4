using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using BoneMets.Fhir.Service.Api;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace BoneMets.Fhir.Service.Auth;

/// <summary>
/// How fast one client may call: a token bucket of <see cref="Burst"/> requests, refilled at <see cref="RequestsPerMinute"/>.
/// "Authorization:RateLimit" is the default for every client (and for each network address calling without a token);
/// "Authorization:Clients:{clientId}:RateLimit" overrides it for one client.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>Sustained requests a minute. Default 1200 (20 a second). 1 to 1,000,000.</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerMinute { get; set; } = 1200;

    /// <summary>Requests allowed at once before the rate applies. Default 300. 1 to 1,000,000.</summary>
    [Range(1, 1_000_000)]
    public int Burst { get; set; } = 300;
}

/// <summary>The rate limits of section "Authorization", bound apart from the clients' keys and scopes.</summary>
public sealed class ClientRateLimitOptions : IValidatableObject
{
    public RateLimitOptions RateLimit { get; set; } = new();

    public Dictionary<string, ClientRateLimit> Clients { get; set; } = new(StringComparer.Ordinal);

    public RateLimitOptions For(string clientId) => Clients.TryGetValue(clientId, out var client) && client.RateLimit is { } own ? own : RateLimit;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (key, limit) in Clients.Where(c => c.Value.RateLimit is not null).Select(c => ($"Clients:{c.Key}:RateLimit", c.Value.RateLimit!)).Prepend(("RateLimit", RateLimit)))
        {
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(limit, new ValidationContext(limit), results, validateAllProperties: true))
            {
                foreach (var result in results)
                {
                    yield return new ValidationResult($"{AuthorizationOptions.Section}:{key}: {result.ErrorMessage}", result.MemberNames.Select(m => $"{key}:{m}"));
                }
            }
        }
    }

    public sealed class ClientRateLimit
    {
        public RateLimitOptions? RateLimit { get; set; }
    }
}

/// <summary>
/// Per-client rate limits with ASP.NET Core's rate limiter, on the FHIR base only: partitioned by the token's client id,
/// or by network address for calls without one (the token endpoint). Placed after the token gate, so the client is known;
/// a refusal is 429 with Retry-After and an OperationOutcome (throttled), and is audited like any answer.
/// </summary>
internal static class RateLimits
{
    public static IServiceCollection AddClientRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ClientRateLimitOptions>().Bind(configuration.GetSection(AuthorizationOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<ClientRateLimitOptions>, ILoggerFactory>((limiter, limits, logs) =>
        {
            var logger = logs.CreateLogger("BoneMets.Fhir.Service.Auth");
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, limits.Value));
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var context = rejected.HttpContext;
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
                context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                AuditNote.Of(context)?.Reason = "rate-limited";
                AuthLog.RateLimited(logger, ClientOf(context) ?? "unknown", retryAfter);
                await FhirResults.Error(StatusCodes.Status429TooManyRequests, IssueType.Throttled,
                    $"Too many requests from this client; retry after {retryAfter} s.").ExecuteAsync(context);
            };
        });
        services.AddRateLimiter(_ => { });
        return services;
    }

    private static RateLimitPartition<string> Partition(HttpContext context, ClientRateLimitOptions limits)
    {
        if (!context.Request.Path.StartsWithSegments("/fhir", StringComparison.OrdinalIgnoreCase))
        {
            return RateLimitPartition.GetNoLimiter("not-fhir");
        }

        var client = ClientOf(context);
        var limit = client is null ? limits.RateLimit : limits.For(client);
        var key = client is null ? "address:" + context.Connection.RemoteIpAddress : "client:" + client;
        return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = limit.Burst,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) / limit.RequestsPerMinute,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static string? ClientOf(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true ? context.User.FindFirst(AccessTokens.ClientIdClaim)?.Value : null;
}
