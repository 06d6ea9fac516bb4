using System.Diagnostics;
using BoneMets.Fhir.Logging;
using Microsoft.Extensions.Logging;

namespace BoneMets.Fhir.Gather;

/// <summary>
/// Logs each attempt to a partner at Debug: method, what was asked (resource type or operation, never ids or the
/// query, which may carry patient ids), status and time. Off at the default level; polls and gathering log one
/// summary each at Information.
/// </summary>
internal sealed class PartnerRequestLog(string partnerId, string baseUrl, ILogger logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!logger.IsEnabled(LogLevel.Debug))
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var started = Stopwatch.GetTimestamp();
        var response = await base.SendAsync(request, cancellationToken);
        Log.PartnerRequest(logger, partnerId, request.Method.Method, Target(request.RequestUri, baseUrl), (int)response.StatusCode,
            (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return response;
    }

    /// <summary>"ServiceRequest", "Subscription/$events", "(base)" for a batch or HAPI's paging, "(other)" off the base.</summary>
    internal static string Target(Uri? uri, string baseUrl)
    {
        var path = uri?.GetLeftPart(UriPartial.Path) ?? "";
        if (!path.StartsWith(baseUrl, StringComparison.OrdinalIgnoreCase))
        {
            return "(other)";
        }

        var segments = path[baseUrl.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length == 0 ? "(base)" : segments[0] + (segments.Length > 1 && segments[^1].StartsWith('$') ? "/" + segments[^1] : "");
    }
}
