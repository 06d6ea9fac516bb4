using System.Buffers;
using System.Text;
using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Pipeline;
using Microsoft.Net.Http.Headers;
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
    private static readonly string[] FhirJsonMediaTypes = ["application/fhir+json", "application/json", "application/json+fhir"];

    public static async Task<IResult> HandleAsync(
        HttpContext context, IntakeService intake, MessagingOptions options, ServiceReadiness readiness, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (!readiness.IsReady)
        {
            return FhirResults.Error(StatusCodes.Status503ServiceUnavailable, IssueType.Transient, "The service is starting; resend shortly.");
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) || !FhirJsonMediaTypes.Contains(mediaType.MediaType.Value, StringComparer.OrdinalIgnoreCase))
        {
            return FhirResults.Error(StatusCodes.Status415UnsupportedMediaType, IssueType.NotSupported,
                $"Content-Type '{request.ContentType ?? "none"}' is not supported; send the message as application/fhir+json.");
        }

        var isAsync = request.Query["async"] == "true";
        var responseUrl = request.Query["response-url"].ToString() is { Length: > 0 } url ? url : null;
        if (responseUrl is not null && !(Uri.TryCreate(responseUrl, UriKind.Absolute, out var reply) && reply.Scheme is "http" or "https"))
        {
            return FhirResults.Error(StatusCodes.Status400BadRequest, IssueType.Value, "response-url must be an absolute http(s) URL.", "response-url");
        }

        if (request.ContentLength > options.MaxMessageBytes)
        {
            return TooLarge(options);
        }

        var body = await ReadLimitedAsync(request.Body, options.MaxMessageBytes, cancellationToken);
        if (body is null)
        {
            return TooLarge(options);
        }

        var result = await intake.ReceiveAsync(new IntakeRequest(body, Header(request, "X-Request-ID"), Header(request, "X-Correlation-ID"),
            FhirResults.BaseUrl(request), isAsync, responseUrl), cancellationToken);
        return FhirResults.Resource(result.Body, result.Status);
    }

    private static IResult TooLarge(MessagingOptions options) =>
        FhirResults.Error(StatusCodes.Status413PayloadTooLarge, IssueType.TooCostly,
            $"The message is larger than {options.MaxMessageBytes} bytes (Messaging:MaxMessageBytes); send imaging by reference, not inline.");

    private static string? Header(HttpRequest request, string name) =>
        request.Headers.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.ToString() : null;

    /// <summary>Reads at most <paramref name="limit"/> bytes; null when the body is longer (chunked bodies have no Content-Length).</summary>
    private static async Task<string?> ReadLimitedAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        while (true)
        {
            var memory = buffer.GetMemory(16 * 1024);
            var read = await body.ReadAsync(memory, cancellationToken);
            if (read == 0)
            {
                return Encoding.UTF8.GetString(buffer.WrittenSpan);
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
            {
                return null;
            }
        }
    }
}
