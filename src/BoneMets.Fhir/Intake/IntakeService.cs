using BoneMets.Fhir.Case;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Logging;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Pipeline;
using BoneMets.Fhir.Store;
using BoneMets.Fhir.Validation;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Logging;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace BoneMets.Fhir.Intake;

/// <summary>
/// A posted message. <paramref name="Async"/> (<c>async=true</c>): the sender takes a 202 now and the response message
/// later, posted to <paramref name="ResponseUrl"/> or else its MessageHeader.source.endpoint, through the outbox.
/// </summary>
public sealed record IntakeRequest(string Body, string? RequestId, string? CorrelationId, string ServiceBaseUrl, bool Async = false, string? ResponseUrl = null);

/// <summary>The answer to a posted message: the HTTP status and the FHIR body (response message or OperationOutcome).</summary>
public sealed record IntakeResponse(int Status, Resource Body, long? InboxSequence = null);

/// <summary>
/// $process-message: parse, check the referral contract and validate the message against the profiles, and store
/// the message with its response in one transaction before answering. Errors reject the message (400, fatal-error);
/// profile warnings go back in the accepted response's OperationOutcome, which the inbox stores with the message,
/// and travel with the case into its document (docs/validation.md). Processing happens later, in the worker. Reliable messaging per R4: a resend
/// (same Bundle.id and MessageHeader.id) gets the original response and is not processed again; a reused
/// MessageHeader.id in a new Bundle, a reused Bundle.id, or a reused X-Request-ID is rejected (409).
/// </summary>
public sealed class IntakeService(
    IReferralInbox inbox, MessagingOptions options, InboxSignal signal, TimeProvider clock, ILogger<IntakeService> logger, ResourceValidator? validator = null,
    Gather.PartnerDirectory? partners = null)
{
    private readonly ResourceValidator validator = validator ?? ResourceValidator.Default;

    public async Task<IntakeResponse> ReceiveAsync(IntakeRequest request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var parsed = FhirJson.TryParse(request.Body);
        var read = parsed.Succeeded ? ReferralMessageReader.Read(parsed.Resource!) : null;
        var findings = read?.Message is { } valid ? validator.Validate(valid.Bundle, ResourceRole.Received) : [];
        if (read?.Message is not { } message || findings.HasErrors())
        {
            var issues = read?.Message is null ? read?.Issues ?? parsed.Issues : [.. findings.Where(IsReported)];
            Log.MessageRejected(logger, issues.Count, string.Join(",", issues.Select(i => i.Code?.ToString()).Distinct()));
            return Reject(400, parsed.Resource, issues, request.ServiceBaseUrl, now);
        }

        var taskId = message.ReferralTask is { } t ? MessageLocalizer.LocalId(message, t) : DeterministicId.For(message.ReferralKey, "task");
        var warnings = findings.Where(IsReported).ToList();
        if (warnings.Count > 0)
        {
            Log.MessageWarnings(logger, warnings.Count, string.Join(",", warnings.Select(i => i.Code?.ToString()).Distinct()));
        }

        var accepted = Outcomes.Of([Outcomes.Information(
            $"Referral accepted. Its Task is Task/{taskId} ({request.ServiceBaseUrl}/Task/{taskId}); triage and write-back follow shortly."), .. warnings]);
        // An async response is posted later and may be posted again: ids derived from the request make a resend recognisable.
        var response = ResponseMessages.Respond(message.Header, MessageHeader.ResponseType.Ok, accepted, request.ServiceBaseUrl, now,
            request.Async ? message.BundleId + "|" + message.HeaderId : null);
        var route = WriteBack.DeliveryPayloads.Route(message, partners?.Resolve(message), request.ResponseUrl, request.Async,
            request.ServiceBaseUrl + "/$process-message");
        var result = await inbox.AcceptAsync(new InboundMessage(
            message.BundleId, message.HeaderId, message.ReferralKey, request.RequestId, request.CorrelationId,
            request.Body, FhirJson.Serialize(response), now, now.AddMinutes(options.ReliableCacheMinutes), route, request.Async), cancellationToken);

        switch (result)
        {
            case AcceptResult.Accepted a:
                Log.MessageAccepted(logger, a.Sequence, message.Bundle.Entry.Count);
                signal.Notify();
                return request.Async ? Custody(route, a.Sequence) : new IntakeResponse(200, response, a.Sequence);
            case AcceptResult.Replay r:
                Log.MessageReplayed(logger, r.Sequence);
                return request.Async ? Custody(route, r.Sequence) : new IntakeResponse(200, FhirJson.Parse<Bundle>(r.ResponseJson), r.Sequence);
            case AcceptResult.Conflict c:
                Log.MessageConflict(logger);
                return Reject(409, message.Bundle, [Outcomes.Error(IssueType.Duplicate, null, c.Reason)], request.ServiceBaseUrl, now);
            default:
                throw new InvalidOperationException("Unknown accept result.");
        }
    }

    /// <summary>202: custody accepted; the response message follows through the outbox to the reply endpoint.</summary>
    private static IntakeResponse Custody(Store.DeliveryRoute? route, long sequence) => new(202, Outcomes.Of(Outcomes.Information(
        $"Message accepted for asynchronous processing; the response message will be posted to {route?.ReplyEndpoint ?? "the source endpoint"}.")), sequence);

    /// <summary>Errors and warnings go back to the sender; information about invariants not evaluated stays out.</summary>
    private static bool IsReported(OperationOutcome.IssueComponent issue) => issue.Severity != OperationOutcome.IssueSeverity.Information;

    /// <summary>fatal-error: do not resend unchanged. A response message when the request's MessageHeader.id is known, else a bare OperationOutcome.</summary>
    private static IntakeResponse Reject(int status, Resource? received, IReadOnlyList<OperationOutcome.IssueComponent> issues, string baseUrl, DateTimeOffset now)
    {
        var outcome = Outcomes.Of(issues);
        return (received as Bundle)?.Entry.FirstOrDefault()?.Resource is MessageHeader { Id: not null } header
            ? new IntakeResponse(status, ResponseMessages.Respond(header, MessageHeader.ResponseType.FatalError, outcome, baseUrl, now))
            : new IntakeResponse(status, outcome);
    }
}
