namespace BoneMets.Fhir.Service.Api;

/// <summary>The HTTP edge's own log lines: ids, types and codes only, never a message body or an exception's text.</summary>
internal static partial class ApiLog
{
    [LoggerMessage(3001, LogLevel.Error, "Request failed with an unexpected {ExceptionType} at {Method} {Route}; answered 500 with request id {RequestId}")]
    public static partial void RequestFailed(ILogger logger, string exceptionType, string method, string route, string requestId);
}
