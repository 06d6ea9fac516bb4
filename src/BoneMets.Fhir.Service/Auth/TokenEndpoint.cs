using System.Text.Json;
using BoneMets.Fhir.Options;
using Microsoft.AspNetCore.Http.Features;

namespace BoneMets.Fhir.Service.Auth;

/// <summary>
/// POST {base}/auth/token: client_credentials with private_key_jwt (SMART Backend Services). The form is read under
/// its own small limits (ADR 0014's stance: refuse oversize before reading): 16 KiB, 10 fields. Answers RFC 6749 JSON,
/// never cached; the token itself is never logged.
/// </summary>
internal static class TokenEndpoint
{
    public const int MaxFormBytes = 16 * 1024;

    private static readonly FormOptions Limits = new()
    {
        BufferBody = false,
        ValueCountLimit = 10,
        KeyLengthLimit = 64,
        ValueLengthLimit = MaxFormBytes,
        MultipartBodyLengthLimit = MaxFormBytes,
    };

    public static async Task<IResult> HandleAsync(HttpContext context, ClientAssertions assertions, AccessTokens tokens, ILogger<ClientAssertions> logger, CancellationToken cancellationToken)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
        var request = context.Request;
        if (!request.HasFormContentType || request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) != true)
        {
            return Answer(context, logger, TokenDecision.Request("The body must be application/x-www-form-urlencoded."));
        }

        if (request.ContentLength is > MaxFormBytes)
        {
            return Answer(context, logger, new TokenDecision.Refused(StatusCodes.Status413PayloadTooLarge, "invalid_request", $"The body is larger than {MaxFormBytes} bytes."));
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = MaxFormBytes; // a chunked body without Content-Length stops at the same limit
        }

        IFormCollection form;
        try
        {
            form = await new FormFeature(request, Limits).ReadFormAsync(cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
        {
            return Answer(context, logger, TokenDecision.Request("The form is malformed or too large."));
        }

        var fields = form.Keys.ToDictionary(k => k, k => form[k].Count == 1 ? form[k][0] : null, StringComparer.Ordinal);
        var decision = await assertions.DecideAsync(fields, tokens.TokenEndpoint, cancellationToken);
        return Answer(context, logger, decision, tokens);
    }

    private static IResult Answer(HttpContext context, ILogger logger, TokenDecision decision, AccessTokens? tokens = null)
    {
        switch (decision)
        {
            case TokenDecision.Granted grant when tokens is not null:
                Api.AuditNote.Of(context)?.ClientId = grant.ClientId;
                AuthLog.TokenIssued(logger, grant.ClientId, grant.Scopes.Count, (int)tokens.Lifetime.TotalSeconds);
                return Results.Json(new Dictionary<string, object>
                {
                    ["access_token"] = tokens.Issue(grant),
                    ["token_type"] = "bearer",
                    ["expires_in"] = (int)tokens.Lifetime.TotalSeconds,
                    ["scope"] = string.Join(' ', grant.Scopes),
                });
            case TokenDecision.Refused refused:
                // The registered client the assertion named (unproven until its signature checks), else "unknown".
                if (Api.AuditNote.Of(context) is { } note)
                {
                    (note.ClientId, note.Reason) = (refused.ClientId, refused.Error);
                }

                AuthLog.TokenRefused(logger, refused.ClientId ?? "unknown", refused.Error, refused.Status);
                if (refused.Status == StatusCodes.Status401Unauthorized)
                {
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                }

                return Results.Json(new Dictionary<string, string> { ["error"] = refused.Error, ["error_description"] = refused.Description }, statusCode: refused.Status);
            default:
                throw new InvalidOperationException("A grant needs the token issuer.");
        }
    }
}
