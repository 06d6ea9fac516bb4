using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Pipeline;
using BoneMets.Fhir.Subscriptions;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace BoneMets.Fhir.Service.Api;

/// <summary>
/// POST /notifications/{partner}: a partner's Subscription notifications (R4 rest-hook pings, Backport notification
/// Bundles). Stored, then answered 204 at once; the referral work happens later in the subscription worker.
/// 401 unauthenticated, 404 unknown partner, 400 not a notification (do not resend), 503 starting (resend).
/// PUT /notifications/{partner}/{type}/{id}: the same, as R4 servers (HAPI among them) deliver a rest-hook payload —
/// the resource PUT to the endpoint plus its type and id; the body must be that resource.
/// </summary>
internal static class NotificationEndpoint
{
    public static Task<IResult> HandleAsync(
        string partner, HttpContext context, NotificationIntake intake, MessagingOptions messaging, InputLimitsOptions limits, ServiceReadiness readiness,
        CancellationToken cancellationToken) =>
        ReceiveAsync(partner, null, context, intake, messaging, limits, readiness, cancellationToken);

    public static Task<IResult> HandlePutAsync(
        string partner, string type, string id, HttpContext context, NotificationIntake intake, MessagingOptions messaging, InputLimitsOptions limits,
        ServiceReadiness readiness, CancellationToken cancellationToken) =>
        ReceiveAsync(partner, $"{type}/{id}", context, intake, messaging, limits, readiness, cancellationToken);

    private static async Task<IResult> ReceiveAsync(
        string partner, string? addressed, HttpContext context, NotificationIntake intake, MessagingOptions messaging, InputLimitsOptions limits,
        ServiceReadiness readiness,
        CancellationToken cancellationToken)
    {
        var header = intake.SecretHeader(partner);
        if (header is not null && !readiness.IsReady)
        {
            return FhirResults.Error(StatusCodes.Status503ServiceUnavailable, IssueType.Transient, "The service is starting; resend shortly.");
        }

        var body = await RequestBody.ReadAsync(context.Request, messaging, limits, notification: true, cancellationToken);
        if (body.Refusal is { } refused)
        {
            return FhirResults.Refusal(refused);
        }

        var presented = header is not null && context.Request.Headers.TryGetValue(header, out var value) ? value.ToString() : null;
        var answer = await intake.ReceiveAsync(partner, presented, body.Json!, addressed, cancellationToken);
        return answer.Status switch
        {
            204 => Results.NoContent(),
            401 => FhirResults.Error(401, IssueType.Security, answer.Problem!),
            404 => FhirResults.Error(404, IssueType.NotFound, answer.Problem!),
            _ => FhirResults.Error(answer.Status, IssueType.Invalid, answer.Problem!),
        };
    }
}
