using System.Globalization;
using BoneMets.Fhir.Audit;
using BoneMets.Fhir.Service.Auth;

namespace BoneMets.Fhir.Service.Api;

/// <summary>
/// An AuditEvent for every request to the FHIR base (the token endpoint included), allowed or refused, whatever answered
/// it: an endpoint, the token gate, the rate limiter, routing's 404, the exception handler's 500. The first middleware,
/// so nothing after it can skip it. Recorded as the response starts, with its final status, so the client has no
/// answer before its access is in the trail; a request whose response never starts (the client went away, the
/// connection broke) is recorded when the pipeline unwinds. Reads no body: the route, the query string, the
/// authenticated user and what an endpoint noted (<see cref="AuditNote"/>).
/// </summary>
internal static class FhirAudit
{
    public static async Task RecordAsync(HttpContext context, Func<Task> next)
    {
        if (RestRequests.Describe(context.Request.Method, context.Request.Path.Value ?? "") is not { } request)
        {
            await next();
            return;
        }

        var note = new AuditNote();
        context.Features.Set(note);
        var recorded = 0;
        Task RecordOnce(int? status) =>
            Interlocked.Exchange(ref recorded, 1) == 0 ? WriteAsync(context, request, note, status ?? context.Response.StatusCode) : Task.CompletedTask;

        context.Response.OnStarting(() => RecordOnce(null));
        try
        {
            await next();
        }
        catch (Exception) when (!context.Response.HasStarted)
        {
            // Past the exception handler (this middleware runs before it): the host answers 500.
            await RecordOnce(StatusCodes.Status500InternalServerError);
            throw;
        }
        finally
        {
            await RecordOnce(context.RequestAborted.IsCancellationRequested ? 499 : null);
        }
    }

    private static async Task WriteAsync(HttpContext context, RestRequest request, AuditNote note, int status)
    {
        var user = context.User;
        var clientId = user.Identity?.IsAuthenticated == true ? user.FindFirst(AccessTokens.ClientIdClaim)?.Value ?? user.Identity.Name : note.ClientId;
        var record = new AuditRecord(
            request.Interaction,
            AuditRecord.OutcomeOf(status),
            note.Reason is { } reason ? string.Create(CultureInfo.InvariantCulture, $"{status} {reason}") : status.ToString(CultureInfo.InvariantCulture),
            new AuditAgent(clientId, AuditAgentKind.Client, context.Connection.RemoteIpAddress?.ToString()),
            AuditRecord.FhirApiSite,
            [.. request.Entities, .. note.Entities.Except(request.Entities, StringComparer.Ordinal)],
            request.SearchType,
            request.SearchType is null ? null : context.Request.Query.SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v ?? ""))).ToList(),
            context.TraceIdentifier);
        try
        {
            // Not the request's token: an access that happened is recorded even when its client has gone.
            await context.RequestServices.GetRequiredService<IAuditTrail>().RecordAsync(record, CancellationToken.None);
        }
        catch (Exception e)
        {
            // The answer is already decided; failing it now would not undo the access. An operator must see this.
            AuditLog.NotRecorded(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("BoneMets.Fhir.Service.Audit"),
                e.GetType().Name, AuditEventBuilder.InteractionCode(request.Interaction), status, context.TraceIdentifier);
        }
    }
}
