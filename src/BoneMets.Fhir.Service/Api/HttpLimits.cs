using BoneMets.Fhir.Options;
using BoneMets.Fhir.Pipeline;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace BoneMets.Fhir.Service.Api;

/// <summary>
/// Kestrel's limits from Limits and Messaging (ADR 0014): slow headers and slow bodies are cut off, oversized headers
/// and request lines get 431 and 414 from Kestrel itself (before any middleware, so with an empty body), and the
/// body limit is Limits:MaxDrainBytes: the service's own streaming check answers 413 at Messaging:MaxMessageBytes and
/// reads (and discards) the rest up to there, so the client reads the answer.
/// </summary>
internal static class HttpLimits
{
    public static void Apply(KestrelServerLimits limits, IConfiguration configuration)
    {
        var input = configuration.GetSection(InputLimitsOptions.Section).Get<InputLimitsOptions>() ?? new InputLimitsOptions();
        var messaging = configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new MessagingOptions();
        limits.MaxRequestBodySize = Math.Max(messaging.MaxMessageBytes + 64L * 1024, input.MaxDrainBytes);
        limits.RequestHeadersTimeout = input.HeadersTimeout;
        limits.MinRequestBodyDataRate = new MinDataRate(input.MinBodyBytesPerSecond, input.MinBodyRateGrace);
        limits.MaxRequestHeadersTotalSize = input.MaxHeadersBytes;
        limits.MaxRequestLineSize = input.MaxRequestLineBytes;
    }

    /// <summary>A Kestrel refusal raised while the app read the body (413 too large, 408 too slow, 400 malformed framing).</summary>
    public static IResult Answer(Microsoft.AspNetCore.Http.BadHttpRequestException refusal) => refusal.StatusCode switch
    {
        StatusCodes.Status413PayloadTooLarge => FhirResults.Error(refusal.StatusCode, IssueType.TooCostly, "The request body is too large (Messaging:MaxMessageBytes)."),
        StatusCodes.Status408RequestTimeout => FhirResults.Error(refusal.StatusCode, IssueType.Timeout, "The request body arrived too slowly (Limits:MinBodyBytesPerSecond)."),
        _ => FhirResults.Error(refusal.StatusCode, IssueType.Invalid, "The request is malformed at the HTTP level."),
    };
}
