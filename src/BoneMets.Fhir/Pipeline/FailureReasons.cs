using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Pipeline;

/// <summary>
/// The reason stored with a failed or parked referral or delivery, which operators list (<c>bonemets parked</c>,
/// <c>bonemets deliveries</c>): types, codes and paths, never resource content (issue 14). An exception's message is
/// kept only when this service wrote it, or when it comes from the transport (connection refused, timeouts); a
/// parser's or a library's message can quote the resource it choked on, so only its type and where it was thrown remain.
/// </summary>
public static class FailureReasons
{
    public static string Of(Exception error)
    {
        var type = error.GetType();
        var ours = type.Namespace?.StartsWith("BoneMets", StringComparison.Ordinal) == true
            || error.TargetSite?.DeclaringType?.Namespace?.StartsWith("BoneMets", StringComparison.Ordinal) == true;
        var transport = error is HttpRequestException or TimeoutException or OperationCanceledException or System.Net.Sockets.SocketException;
        return ours || transport
            ? $"{type.Name}: {error.Message}"
            : $"{type.Name} in {error.TargetSite?.DeclaringType?.Name ?? "?"}.{error.TargetSite?.Name ?? "?"} (its message is withheld: it may quote the resource)";
    }

    /// <summary>A partner's OperationOutcome as severity/code at path: its diagnostics can quote the resource, so they stay out.</summary>
    public static IEnumerable<string> Of(OperationOutcome? outcome) =>
        outcome?.Issue.Select(i => $"{i.Severity}/{i.Code}" + (i.Details?.Coding.FirstOrDefault()?.Code is { } code ? $" ({code})" : "")
            + (i.Expression.Any() ? " at " + string.Join(", ", i.Expression) : "")) ?? [];
}
