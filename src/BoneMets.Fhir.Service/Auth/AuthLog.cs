namespace BoneMets.Fhir.Service.Auth;

/// <summary>Authorization's log lines: client ids, error codes and counts; never an assertion, a token or a key.</summary>
internal static partial class AuthLog
{
    [LoggerMessage(3101, LogLevel.Information, "Token issued to client {ClientId}: {ScopeCount} scopes for {ExpiresIn} s")]
    public static partial void TokenIssued(ILogger logger, string clientId, int scopeCount, int expiresIn);

    [LoggerMessage(3102, LogLevel.Warning, "Token request refused for client {ClientId}: {Error} ({Status})")]
    public static partial void TokenRefused(ILogger logger, string clientId, string error, int status);

    [LoggerMessage(3103, LogLevel.Warning, "FHIR request refused: {Status} for client {ClientId} at {Method} {Route}")]
    public static partial void AccessRefused(ILogger logger, int status, string clientId, string method, string route);

    [LoggerMessage(3104, LogLevel.Warning, "FHIR request rate-limited for client {ClientId}: retry after {RetryAfter} s")]
    public static partial void RateLimited(ILogger logger, string clientId, int retryAfter);
}
