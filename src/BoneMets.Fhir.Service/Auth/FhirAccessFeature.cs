using System.Security.Claims;

namespace BoneMets.Fhir.Service.Auth;

/// <summary>What the gate decided about a /fhir request.</summary>
public enum FhirAccessOutcome
{
    /// <summary>No token needed: metadata, SMART discovery, the token endpoint, or not a /fhir request.</summary>
    Open,

    /// <summary>A valid token with the interaction's scope; the endpoint answers (it may still refuse, see <see cref="IFhirAccessFeature.Refusal"/>).</summary>
    Allowed,

    /// <summary>401: no token, or one that is malformed, expired or not this service's.</summary>
    Unauthenticated,

    /// <summary>403: a valid token without the scope, or a message in another partner's name.</summary>
    Forbidden,
}

/// <summary>
/// Who called and what the gate (<see cref="FhirAccess"/>) decided, set on every request as an HttpContext feature:
/// <c>context.Features.Get&lt;IFhirAccessFeature&gt;()</c>. For the audit trail (issue 13): the requesting agent is
/// <see cref="ClientId"/> (null when unauthenticated), its partner <see cref="Partner"/> (null for an operator or
/// auditor client), and a refused request's <see cref="Outcome"/> and <see cref="Refusal"/> (words without token,
/// assertion or resource content). The same client id and partner are on <c>HttpContext.User</c> as the claims
/// <see cref="AccessTokens.ClientIdClaim"/> and <see cref="AccessTokens.PartnerClaim"/>.
/// </summary>
public interface IFhirAccessFeature
{
    string? ClientId { get; }

    string? Partner { get; }

    FhirAccessOutcome Outcome { get; }

    string? Refusal { get; }
}

internal sealed class FhirAccessFeature : IFhirAccessFeature
{
    public string? ClientId { get; private set; }

    public string? Partner { get; private set; }

    public FhirAccessOutcome Outcome { get; private set; }

    public string? Refusal { get; private set; }

    public static FhirAccessFeature Of(HttpContext context)
    {
        if (context.Features.Get<IFhirAccessFeature>() is FhirAccessFeature existing)
        {
            return existing;
        }

        var created = new FhirAccessFeature();
        context.Features.Set<IFhirAccessFeature>(created);
        return created;
    }

    public void Allow(ClaimsPrincipal user)
    {
        ClientId = user.FindFirst(AccessTokens.ClientIdClaim)?.Value;
        Partner = user.FindFirst(AccessTokens.PartnerClaim)?.Value;
        Outcome = FhirAccessOutcome.Allowed;
    }

    public void Refuse(FhirAccessOutcome outcome, string reason)
    {
        Outcome = outcome;
        Refusal = reason;
    }
}

/// <summary>The caller of a request the gate let through, as the read and write paths need it.</summary>
internal static class FhirCaller
{
    /// <summary>
    /// The partner whose referrals this request may see and post (null: an operator or auditor client). Fails closed: a
    /// request that reaches a read or write path without the gate's allowance is a wiring fault, not an operator.
    /// </summary>
    public static string? Partner(HttpContext context) =>
        context.Features.Get<IFhirAccessFeature>() is { Outcome: FhirAccessOutcome.Allowed } access
            ? access.Partner
            : throw new InvalidOperationException("A FHIR read or write was reached without the access gate's decision.");
}
