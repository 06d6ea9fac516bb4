using BoneMets.Fhir.Case;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Gather;
using BoneMets.Fhir.Logging;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Store;
using BoneMets.Fhir.Validation;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Logging;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace BoneMets.Fhir.Pipeline;

/// <summary>
/// A posted message. <paramref name="Async"/> (<c>async=true</c>): the sender takes a 202 now and the response message
/// later, posted to <paramref name="ResponseUrl"/> or else its MessageHeader.source.endpoint, through the outbox.
/// </summary>
public sealed record IntakeRequest(string Body, string? RequestId, string? CorrelationId, string ServiceBaseUrl, bool Async = false, string? ResponseUrl = null)
{
    /// <summary>
    /// The partner the posting client speaks for (its access token's partner, ADR 0016); null for an operator's client
    /// and for the service's own feeds. When set, the message must name that partner (<see cref="PartnerDirectory.Names"/>)
    /// and be that partner's referral, else 403 and nothing is stored.
    /// </summary>
    public string? ClientPartner { get; init; }
}

/// <summary>The answer to a posted message: the HTTP status and the FHIR body (response message or OperationOutcome).</summary>
public sealed record IntakeResponse(int Status, Resource Body, long? InboxSequence = null)
{
    /// <summary>The referral's references for its AuditEvent ("ServiceRequest/id", "Task/id", or the pointer's URL): references only, no content.</summary>
    public IReadOnlyList<string> Referral { get; init; } = [];
}

/// <summary>
/// $process-message: parse, check the referral contract and validate the message against the profiles, and store
/// the message with its response in one transaction before answering. Errors reject the message (400, fatal-error);
/// profile warnings go back in the accepted response's OperationOutcome, which the inbox stores with the message,
/// and travel with the case into its document (docs/validation.md). Processing happens later, in the worker. Reliable messaging per R4: a resend
/// (same Bundle.id and MessageHeader.id) gets the original response and is not processed again; a reused
/// MessageHeader.id in a new Bundle, a reused Bundle.id, or a reused X-Request-ID is rejected (409).
/// A references-only referral (<see cref="PointerMessage"/>) is accepted only when a configured partner serves its
/// focus's base — the service never fetches from a server it was not configured for (SSRF) — and is fetched,
/// checked against the full contract and gathered later, in the pipeline (ADR 10). Likewise a reply endpoint the
/// sender names (response-url, or its source endpoint with async=true) must be one configuration allows
/// (<see cref="ReplyEndpoints"/>), else 400: the service POSTs there.
/// </summary>
public sealed class IntakeService(
    IReferralInbox inbox, MessagingOptions options, WorkSignal signal, TimeProvider clock, ILogger<IntakeService> logger,
    ResourceValidator? validator = null, PartnerDirectory? partners = null, InputLimitsOptions? limits = null)
{
    private readonly ResourceValidator validator = validator ?? ResourceValidator.Default;
    private readonly InputLimitsOptions limits = limits ?? new InputLimitsOptions();

    public async Task<IntakeResponse> ReceiveAsync(IntakeRequest request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var bytes = System.Text.Encoding.UTF8.GetBytes(request.Body);
        // The strict reader before Firely (ADR 0014): syntax, duplicates, modifier extensions and the shape limits, in one scan.
        if (StrictJson.Check(bytes, limits) is { } strict)
        {
            Log.InputRefused(logger, strict.Status, strict.Code.ToString(), strict.Expression ?? "none");
            return Reject(strict.Status, null, [strict.ToIssue()], request.ServiceBaseUrl, now);
        }

        // A resend is recognised by its ids and content hash before it is parsed or validated: one keyed lookup (issue 17).
        // A partner's client is checked before even a resend is answered: the original response names the referral's Task.
        var identity = MessageIdentity.Read(bytes);
        if (!request.Async && identity is not null && request.ClientPartner is null
            && await inbox.FindResendAsync(identity.BundleId, identity.HeaderId, identity.ContentHash, cancellationToken) is { } resend)
        {
            return Answer(request, resend, null, () => FhirJson.TryParse(request.Body).Resource as Bundle, now);
        }

        var parsed = FhirJson.TryParse(request.Body);
        var read = parsed.Succeeded ? ReferralMessageReader.Read(parsed.Resource!) : null;
        if (request.ClientPartner is { } clientPartner && read is not null && NotThePartners(clientPartner, read, request.ServiceBaseUrl, now) is { } foreign)
        {
            return foreign;
        }

        if (!request.Async && identity is not null && request.ClientPartner is not null
            && await inbox.FindResendAsync(identity.BundleId, identity.HeaderId, identity.ContentHash, cancellationToken) is { } checkedResend)
        {
            return Answer(request, checkedResend, null, () => parsed.Resource as Bundle, now);
        }

        if (read?.ReferencesOnly is { } pointer)
        {
            return await ReceivePointerAsync(request, pointer, identity?.ContentHash, now, cancellationToken);
        }

        var findings = read?.Message is { } valid ? validator.Validate(valid.Bundle, ResourceRole.Received) : [];
        if (read?.Message is not { } message || findings.HasErrors())
        {
            var issues = read?.Message is null ? read?.Issues ?? parsed.Issues : [.. findings.Where(IsReported)];
            Log.MessageRejected(logger, issues.Count, string.Join(",", issues.Select(i => i.Code?.ToString()).Distinct()));
            return Reject(400, parsed.Resource, issues, request.ServiceBaseUrl, now);
        }

        var partner = partners?.Resolve(message);
        if (partner is null)
        {
            Log.NoPartnerForSender(logger, message.HeaderId);
        }

        if (RefuseReplyEndpoint(request, message.Bundle, message.Header, partner, now) is { } refused)
        {
            return refused;
        }

        var taskId = message.ReferralTask is { } t ? MessageLocalizer.LocalId(message, t) : DeterministicId.For(message.ReferralKey, "task");
        var accepted = Outcomes.Information(
            $"Referral accepted. Its Task is Task/{taskId} ({request.ServiceBaseUrl}/Task/{taskId}); triage and write-back follow shortly.");
        var route = DeliveryPayloads.Route(message, partner, request.ResponseUrl, request.Async, request.ServiceBaseUrl + "/$process-message");
        var referral = new[] { $"ServiceRequest/{MessageLocalizer.LocalId(message, message.ServiceRequest)}", $"Task/{taskId}" };
        return await AcceptAsync(request, message.Bundle, message.Header, message.ReferralKey, partner, route, accepted, findings, identity?.ContentHash, now, cancellationToken)
            with { Referral = referral };
    }

    /// <summary>
    /// A references-only referral: its partner must be configured (400 at the focus otherwise), and what it carries is
    /// held to the entries' profiles; the referral itself is fetched and held to the whole contract in the pipeline.
    /// </summary>
    private async Task<IntakeResponse> ReceivePointerAsync(
        IntakeRequest request, PointerMessage pointer, string? contentHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (partners?.ForBase(pointer.Focus.BaseUrl) is not { } partner)
        {
            IReadOnlyList<OperationOutcome.IssueComponent> issues = [Outcomes.Error(IssueType.NotSupported, "Bundle.entry[0].resource.focus[0]",
                $"No configured partner serves '{pointer.Focus.BaseUrl}'. A references-only referral must point at the FHIR server of a " +
                "partner this program is configured to gather from; it fetches from no other server. Send the referral's resources in the message instead.")];
            Log.MessageRejected(logger, 1, "not-supported");
            return Reject(400, pointer.Bundle, issues, request.ServiceBaseUrl, now);
        }

        var findings = validator.ValidateEntries(pointer.Bundle, ResourceRole.Received);
        if (findings.HasErrors())
        {
            var issues = findings.Where(IsReported).ToList();
            Log.MessageRejected(logger, issues.Count, string.Join(",", issues.Select(i => i.Code?.ToString()).Distinct()));
            return Reject(400, pointer.Bundle, issues, request.ServiceBaseUrl, now);
        }

        if (RefuseReplyEndpoint(request, pointer.Bundle, pointer.Header, partner, now) is { } refused)
        {
            return refused;
        }

        var focus = pointer.Focus.Type == "Task"
            ? $"Its Task is Task/{pointer.Focus.Id} ({request.ServiceBaseUrl}/Task/{pointer.Focus.Id})"
            : $"Its Task will be found with {request.ServiceBaseUrl}/Task?focus=ServiceRequest/{pointer.Focus.Id}";
        var accepted = Outcomes.Information(
            $"Referral accepted by reference; it is fetched from its partner next. {focus}; triage and write-back follow.");
        Log.PointerAccepted(logger, pointer.Focus.Type, pointer.Focus.VersionId is not null);
        var route = DeliveryPayloads.PointerRoute(pointer, partner, request.ResponseUrl, request.Async, request.ServiceBaseUrl + "/$process-message");
        return await AcceptAsync(request, pointer.Bundle, pointer.Header, pointer.Focus.InboxKey, partner, route, accepted, findings, contentHash, now, cancellationToken)
            with { Referral = [pointer.Focus.Url] };
    }

    private async Task<IntakeResponse> AcceptAsync(
        IntakeRequest request, Bundle bundle, MessageHeader header, string referralKey, Partner? partner, DeliveryRoute? route, OperationOutcome.IssueComponent accepted,
        IReadOnlyList<OperationOutcome.IssueComponent> findings, string? contentHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var warnings = findings.Where(IsReported).ToList();
        if (warnings.Count > 0)
        {
            Log.MessageWarnings(logger, warnings.Count, string.Join(",", warnings.Select(i => i.Code?.ToString()).Distinct()));
        }

        // An async response is posted later and may be posted again: ids derived from the request make a resend recognisable.
        var response = ResponseMessages.Respond(header, MessageHeader.ResponseType.Ok, Outcomes.Of([accepted, .. warnings]), request.ServiceBaseUrl, now,
            request.Async ? bundle.Id + "|" + header.Id : null);
        var result = await inbox.AcceptAsync(new InboundMessage(
            bundle.Id!, header.Id!, referralKey, request.RequestId, request.CorrelationId,
            request.Body, FhirJson.Serialize(response), now, now.AddMinutes(options.ReliableCacheMinutes), route, request.Async)
        {
            Warnings = [.. warnings.Where(i => i.Severity == OperationOutcome.IssueSeverity.Warning).Select(ReferralPipeline.DescribeWarning)],
            ContentHash = contentHash,
            PartnerId = partner?.Id,
        }, cancellationToken);

        if (result is AcceptResult.Accepted a)
        {
            Log.MessageAccepted(logger, a.Sequence, bundle.Entry.Count);
            signal.Notify(SignalledWork.Inbox);
            return request.Async ? Custody(route, a.Sequence) : new IntakeResponse(200, response, a.Sequence);
        }

        return Answer(request, result, route, () => bundle, now);
    }

    /// <summary>
    /// 403 when a partner's client posts a message that is not its partner's: its sender or source must name the
    /// partner, and the partner the directory gives the referral (the server its focus points into comes first) must be
    /// the same one — so a client cannot post in another hospital's name, nor point the service at another partner's
    /// server to have that partner's referral fetched for it. Null: the message is the client's partner's, or unreadable
    /// (then refused as usual, with nothing stored either way).
    /// </summary>
    private IntakeResponse? NotThePartners(string clientPartner, ReadResult read, string baseUrl, DateTimeOffset now)
    {
        var (bundle, header, resolved) = read switch
        {
            { ReferencesOnly: { } p } => (p.Bundle, p.Header, partners?.ForBase(p.Focus.BaseUrl)),
            { Message: { } m } => (m.Bundle, m.Header, partners?.Resolve(m)),
            _ => (null, null, null),
        };
        if (bundle is null || header is null || (partners?.Names(clientPartner, header, bundle) == true && resolved?.Id == clientPartner))
        {
            return null;
        }

        Log.MessageOfAnotherPartner(logger, clientPartner, header.Id ?? "none");
        return Reject(403, bundle, [Outcomes.Error(IssueType.Forbidden, "Bundle.entry[0].resource.sender",
            $"This client speaks for partner '{clientPartner}': MessageHeader.sender's identifier or MessageHeader.source.endpoint must name it " +
            "(its SenderIdentifier or SourceEndpoints), and the referral must be that partner's. Nothing was stored.")], baseUrl, now);
    }

    /// <summary>A message the cache knew: the original response replayed (or custody again), or 409 for a conflict.</summary>
    private IntakeResponse Answer(IntakeRequest request, AcceptResult result, DeliveryRoute? route, Func<Bundle?> received, DateTimeOffset now)
    {
        switch (result)
        {
            case AcceptResult.Replay r:
                Log.MessageReplayed(logger, r.Sequence);
                return request.Async ? Custody(route, r.Sequence) : new IntakeResponse(200, FhirJson.Parse<Bundle>(r.ResponseJson), r.Sequence);
            case AcceptResult.Conflict c:
                Log.MessageConflict(logger);
                return Reject(409, received(), [Outcomes.Error(IssueType.Duplicate, null, c.Reason)], request.ServiceBaseUrl, now);
            default:
                throw new InvalidOperationException("Unknown accept result.");
        }
    }

    /// <summary>400 when the request asks for replies at an endpoint configuration does not allow (SSRF); null otherwise.</summary>
    private IntakeResponse? RefuseReplyEndpoint(IntakeRequest request, Bundle bundle, MessageHeader header, Partner? partner, DateTimeOffset now)
    {
        if (ReplyEndpoints.Refusal(request, header, partner, options.ReplyEndpoints) is not { } issue)
        {
            return null;
        }

        Log.ReplyEndpointRefused(logger, partner?.Id ?? "none", issue.Expression.Single() ?? "");
        return Reject(400, bundle, [issue], request.ServiceBaseUrl, now);
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
        try
        {
            return (received as Bundle)?.Entry.FirstOrDefault()?.Resource is MessageHeader { Id: not null } header
                ? new IntakeResponse(status, ResponseMessages.Respond(header, MessageHeader.ResponseType.FatalError, outcome, baseUrl, now))
                : new IntakeResponse(status, outcome);
        }
        catch (Hl7.Fhir.Validation.CodedValidationException)
        {
            // Firely's partial result of a body with the wrong shape ("entry": {}) throws when read: answer without a header.
            return new IntakeResponse(status, outcome);
        }
    }
}
