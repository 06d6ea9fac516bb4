using System.Buffers;
using System.Text;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Pipeline;
using Microsoft.Net.Http.Headers;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace BoneMets.Fhir.Service.Api;

/// <summary>A body read and checked, or why it was refused (status and issue, no sender's values).</summary>
internal sealed record BodyRead(string? Json, InputRefusal? Refusal);

/// <summary>
/// The one way a request body is taken (ADR 0014), for $process-message and notifications alike: media type
/// application/fhir+json (or application/json) in UTF-8 and FHIR R4, no content encoding (the service inflates
/// nothing, so a zip bomb costs nothing), at most Messaging:MaxMessageBytes read as a stream (reading stops at the
/// limit), then <see cref="StrictJson"/> before any FHIR parsing
/// (for messages, in IntakeService).
/// </summary>
internal static class RequestBody
{
    private static readonly string[] FhirJsonMediaTypes = ["application/fhir+json", "application/json", "application/json+fhir"];

    /// <param name="notification">
    /// A partner's notification: an empty body is an R4 rest-hook ping (any or no Content-Type), and modifier
    /// extensions are the partner's business (the service fetches the resource again, it does not process this copy).
    /// </param>
    public static async Task<BodyRead> ReadAsync(
        HttpRequest request, MessagingOptions messaging, InputLimitsOptions limits, bool notification, CancellationToken cancellationToken)
    {
        if (notification && request.ContentLength == 0)
        {
            return new(string.Empty, null);
        }

        var unsupported = MediaTypeRefusal(request);
        if (unsupported is not null && !(notification && request.ContentType is null))
        {
            return new(null, unsupported);
        }

        if (request.ContentLength > messaging.MaxMessageBytes)
        {
            await DrainAsync(request, 0, limits, cancellationToken);
            return new(null, TooLarge(messaging));
        }

        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(request.ContentLength ?? 16 * 1024, messaging.MaxMessageBytes) + 1);
        while (true)
        {
            var read = await request.Body.ReadAsync(buffer.GetMemory(16 * 1024), cancellationToken);
            if (read == 0)
            {
                break;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > messaging.MaxMessageBytes)
            {
                await DrainAsync(request, buffer.WrittenCount, limits, cancellationToken);
                return new(null, TooLarge(messaging));
            }
        }

        if (buffer.WrittenCount == 0 && notification)
        {
            return new(string.Empty, null);
        }

        if (unsupported is not null)
        {
            return new(null, unsupported);
        }

        // A message is read strictly by intake itself (the same reader for HTTP, the CLI and tests); here only its
        // encoding, which decoding to a string would hide. A notification goes no further than this endpoint.
        var invalid = notification ? StrictJson.Check(buffer.WrittenSpan, limits, refuseModifierExtensions: false) : StrictJson.CheckUtf8(buffer.WrittenSpan);
        return invalid is not null
            ? new(null, invalid)
            : new(Encoding.UTF8.GetString(buffer.WrittenSpan.StartsWith("\uFEFF"u8) ? buffer.WrittenSpan[3..] : buffer.WrittenSpan), null);
    }

    /// <summary>415 unless the body is FHIR R4 JSON in UTF-8, unencoded.</summary>
    public static InputRefusal? MediaTypeRefusal(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) || !FhirJsonMediaTypes.Contains(mediaType.MediaType.Value, StringComparer.OrdinalIgnoreCase))
        {
            return Unsupported("Content-Type", $"Content-Type '{Shorten(request.ContentType) ?? "none"}' is not supported; send application/fhir+json.");
        }

        if (mediaType.Charset.HasValue && !mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !mediaType.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            return Unsupported("Content-Type", "Only charset=utf-8 is supported; FHIR JSON is UTF-8.");
        }

        var fhirVersion = mediaType.Parameters.FirstOrDefault(p => p.Name.Equals("fhirVersion", StringComparison.OrdinalIgnoreCase))?.Value.Value;
        if (fhirVersion is not null && fhirVersion.Trim('"') is not ("4.0" or "4.0.1"))
        {
            return Unsupported("Content-Type", "This server speaks FHIR R4 (fhirVersion=4.0) only.");
        }

        var encoding = request.Headers.ContentEncoding.ToString();
        return encoding.Length > 0 && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase)
            ? Unsupported("Content-Encoding", "Content-Encoding is not supported; send the body unencoded.")
            : null;
    }

    /// <summary>
    /// Reads and discards the rest of an oversized body, up to Limits:MaxDrainBytes in all, so that a client that sends
    /// the whole body before reading reads the 413 rather than a reset. A body known to be longer is not read at all.
    /// </summary>
    private static async Task DrainAsync(HttpRequest request, long alreadyRead, InputLimitsOptions limits, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limits.MaxDrainBytes)
        {
            return;
        }

        var discard = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            for (var total = alreadyRead; total <= limits.MaxDrainBytes;)
            {
                var read = await request.Body.ReadAsync(discard, cancellationToken);
                if (read == 0)
                {
                    return;
                }

                total += read;
            }
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException)
        {
            // Longer than Kestrel's limit or too slow: the 413 goes out and Kestrel closes the connection.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(discard);
        }
    }

    private static InputRefusal TooLarge(MessagingOptions messaging) =>
        new(StatusCodes.Status413PayloadTooLarge, IssueType.TooCostly, null,
            $"The body is larger than {messaging.MaxMessageBytes} bytes (Messaging:MaxMessageBytes); send imaging by reference, not inline.");

    private static InputRefusal Unsupported(string header, string text) => new(StatusCodes.Status415UnsupportedMediaType, IssueType.NotSupported, header, text);

    private static string? Shorten(string? value) => value is { Length: > 100 } ? value[..100] + "…" : value;
}
