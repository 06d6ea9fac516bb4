using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Gather;
using Hl7.Fhir.Model;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace BoneMets.Fhir.Pipeline;

/// <summary>
/// Where a sender may ask the service to POST its replies (pure). A <c>response-url</c>, or with <c>async=true</c> the
/// MessageHeader.source.endpoint, makes the service send requests to a URL the sender chose — an SSRF lever into
/// whatever the service can reach. Allowed: the resolved partner's <c>WriteBack:MessagingEndpoint</c> and
/// <c>SourceEndpoints</c>, and the global <c>Messaging:ReplyEndpoints</c>; matched exactly (scheme and host
/// case-insensitive, default port implied), never by prefix, so <c>https://ehr.example.org.evil.net</c> or a longer
/// path is not "under" an allowed one.
/// </summary>
public static class ReplyEndpoints
{
    public const string ResponseUrl = "response-url";
    public const string SourceEndpoint = "Bundle.entry[0].resource.source.endpoint";

    /// <summary>The reply endpoint the request names itself, and where it named it; null when it names none (the partner's own is used).</summary>
    public static (string Endpoint, string Expression)? Requested(IntakeRequest request, MessageHeader header) =>
        request.ResponseUrl is { } url ? (url, ResponseUrl)
        : request.Async && header.Source?.Endpoint is { Length: > 0 } source ? (source, SourceEndpoint)
        : null;

    /// <summary>Null when the request names no reply endpoint or an allowed one; else the error issue at the parameter or element.</summary>
    public static OperationOutcome.IssueComponent? Refusal(IntakeRequest request, MessageHeader header, Partner? partner, IEnumerable<string> global)
    {
        if (Requested(request, header) is not { } requested)
        {
            return null;
        }

        var allowed = global.Concat(partner?.Options.SourceEndpoints ?? [])
            .Append(partner?.Options.WriteBack.MessagingEndpoint);
        if (Normalized(requested.Endpoint) is { } wanted && allowed.Any(a => Normalized(a) == wanted))
        {
            return null;
        }

        return Outcomes.Error(IssueType.NotSupported, requested.Expression,
            $"Replies are posted only to endpoints this program is configured for ({(partner is null ? "Messaging:ReplyEndpoints" : $"partner '{partner.Id}' or Messaging:ReplyEndpoints")}); " +
            $"'{requested.Endpoint}' is not one. Omit {(requested.Expression == ResponseUrl ? "response-url" : "async=true")} or ask the program to allow the endpoint.");
    }

    private static string? Normalized(string? url) =>
        url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri.AbsoluteUri : null;
}
