using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Pipeline;
using BoneMets.Fhir.Service.Auth;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace BoneMets.Fhir.Service.Api;

/// <summary>
/// POST [base]/$process-message. HTTP meaning (standards.md §1): 200 with the response message; 4xx with
/// fatal-error or an OperationOutcome means "do not resend unchanged"; 503 means "not ready, resend later".
/// With <c>async=true</c>: 202 once the message is stored, and the response message is posted to the response-url
/// (or MessageHeader.source.endpoint) by the outbox, with later status updates (docs/write-back.md).
/// </summary>
internal static class ProcessMessageEndpoint
{
    public static async Task<IResult> HandleAsync(
        HttpContext context, IntakeService intake, MessagingOptions options, InputLimitsOptions limits, ServiceReadiness readiness, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (!readiness.IsReady)
        {
            return FhirResults.Error(StatusCodes.Status503ServiceUnavailable, IssueType.Transient, "The service is starting; resend shortly.");
        }

        if (RequestBody.MediaTypeRefusal(request) is { } unsupported)
        {
            return FhirResults.Refusal(unsupported);
        }

        var isAsync = request.Query["async"] == "true";
        var responseUrl = request.Query["response-url"].ToString() is { Length: > 0 } url ? url : null;
        if (responseUrl is not null && !(Uri.TryCreate(responseUrl, UriKind.Absolute, out var reply) && reply.Scheme is "http" or "https"))
        {
            return FhirResults.Error(StatusCodes.Status400BadRequest, IssueType.Value, "response-url must be an absolute http(s) URL.", "response-url");
        }

        var body = await RequestBody.ReadAsync(request, options, limits, notification: false, cancellationToken);
        if (body.Refusal is { } refused)
        {
            return FhirResults.Refusal(refused);
        }

        var result = await intake.ReceiveAsync(new IntakeRequest(body.Json!, Header(request, "X-Request-ID"), Header(request, "X-Correlation-ID"),
            FhirResults.BaseUrl(request), isAsync, responseUrl) { ClientPartner = FhirCaller.Partner(context) }, cancellationToken);
        if (AuditNote.Of(context) is { } note)
        {
            note.Entities.AddRange(MessageEntities(body.Json!));
            note.Entities.AddRange(result.Referral);
        }

        if (result.Status == StatusCodes.Status403Forbidden)
        {
            FhirAccessFeature.Of(context).Refuse(FhirAccessOutcome.Forbidden, "The message is not the client's partner's.");
        }

        return FhirResults.Resource(result.Body, result.Status);
    }

    /// <summary>
    /// The message's identity for its AuditEvent, as R4 reliable messaging knows it: "Bundle/{Bundle.id}" and
    /// "MessageHeader/{MessageHeader.id}" (the sender's ids; this server stores neither as a resource). Ids that are not
    /// FHIR ids are not copied: they are the caller's text.
    /// </summary>
    private static IEnumerable<string> MessageEntities(string json)
    {
        if (MessageIdentity.Read(System.Text.Encoding.UTF8.GetBytes(json)) is not { } identity)
        {
            yield break;
        }

        foreach (var (type, id) in new[] { ("Bundle", identity.BundleId), ("MessageHeader", identity.HeaderId) })
        {
            if (Hl7.Fhir.Model.Id.IsValidValue(id))
            {
                yield return $"{type}/{id}";
            }
        }
    }

    private static string? Header(HttpRequest request, string name) =>
        request.Headers.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.ToString() : null;
}
