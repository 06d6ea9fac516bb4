using Microsoft.Net.Http.Headers;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace BoneMets.Fhir.Service.Api;

/// <summary>
/// Every error the API answers is an OperationOutcome (ADR 0014): routing's bare 404 and 405 (with Allow), and
/// anything else that would leave with an empty body, get one here; and a client asking for a format this server
/// does not produce (_format or Accept: XML, Turtle) gets 406 instead of JSON it did not ask for.
/// </summary>
internal static class FhirErrorPages
{
    private static readonly string[] JsonFormats = ["json", "application/json", "application/fhir+json", "application/json+fhir"];

    public static WebApplication UseFhirErrorPages(this WebApplication app)
    {
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            if (http.Response.StatusCode == StatusCodes.Status405MethodNotAllowed)
            {
                http.Response.Headers.Allow = Allowed(http.Request.Path);
            }

            var (type, text) = Describe(http.Response.StatusCode, http.Request);
            await FhirResults.Error(http.Response.StatusCode, type, text).ExecuteAsync(http);
        });
        app.Use(NegotiateAsync);
        return app;
    }

    /// <summary>406 when _format or Accept names only formats other than FHIR JSON (FHIR: _format overrides Accept), on the FHIR API.</summary>
    private static Task NegotiateAsync(HttpContext context, Func<Task> next)
    {
        if (!context.Request.Path.StartsWithSegments("/fhir", StringComparison.OrdinalIgnoreCase))
        {
            return next(); // health probes and notifications: whatever a probe or a partner's EHR puts in Accept
        }

        var format = context.Request.Query["_format"].ToString();
        var acceptable = format.Length > 0
            ? JsonFormats.Contains(format.Split(';')[0].Trim(), StringComparer.OrdinalIgnoreCase)
            : AcceptsJson(context.Request.Headers.Accept);
        return acceptable ? next() : FhirResults.Error(StatusCodes.Status406NotAcceptable, IssueType.NotSupported,
            "This server answers in FHIR JSON only (application/fhir+json); ask for that, or for any type.", format.Length > 0 ? "_format" : "Accept").ExecuteAsync(context);
    }

    private static bool AcceptsJson(Microsoft.Extensions.Primitives.StringValues accept)
    {
        if (accept.Count == 0 || !MediaTypeHeaderValue.TryParseList(accept, out var types) || types.Count == 0)
        {
            return true; // absent or unparseable: answer in the one format there is
        }

        return types.Any(t => t.Quality is not 0 && (t.MediaType.Value is "*/*" or "application/*"
            || JsonFormats.Contains(t.MediaType.Value, StringComparer.OrdinalIgnoreCase)));
    }

    /// <summary>What a path can be asked with: the message and notification endpoints take POST, everything else is read with GET.</summary>
    private static string Allowed(PathString path) =>
        path.StartsWithSegments("/fhir/$process-message", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/notifications", StringComparison.OrdinalIgnoreCase)
            ? "POST" : "GET";

    /// <summary>The issue code and a sentence for a bare status; no path, query or body is echoed (they can carry identifiers).</summary>
    private static (IssueType, string) Describe(int status, HttpRequest request) => status switch
    {
        400 => (IssueType.Invalid, "The request is malformed."),
        401 => (IssueType.Security, "The request is not authenticated."),
        403 => (IssueType.Forbidden, "The request is not allowed."),
        404 => (IssueType.NotFound, "This server has no such endpoint; /fhir/metadata lists what it supports."),
        405 => (IssueType.NotSupported, $"{(request.Method.Length <= 16 ? request.Method : "This method")} is not supported here; allowed: {Allowed(request.Path)}."),
        408 => (IssueType.Timeout, "The request did not arrive in time."),
        413 => (IssueType.TooCostly, "The request body is too large."),
        414 or 431 => (IssueType.TooCostly, "The request's URL or headers are too large."),
        415 => (IssueType.NotSupported, "The request's media type is not supported; send application/fhir+json."),
        429 => (IssueType.Throttled, "Too many requests; resend later."),
        >= 500 => (IssueType.Exception, "The server could not answer; the request may be resent."),
        _ => (IssueType.Processing, $"The request was answered with HTTP {status}."),
    };
}
