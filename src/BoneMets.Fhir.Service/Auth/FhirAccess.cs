using BoneMets.Fhir.Service.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace BoneMets.Fhir.Service.Auth;

/// <summary>
/// The gate in front of every /fhir route (one middleware, so no endpoint can forget it): no, bad or expired token
/// → 401 with WWW-Authenticate: Bearer (error="invalid_token" when one was sent) and an OperationOutcome (login); a
/// token without the interaction's scope → 403 with an OperationOutcome (forbidden). Records its decision in
/// <see cref="IFhirAccessFeature"/> for the audit trail.
/// </summary>
internal static class FhirAccess
{
    public static async Task GateAsync(HttpContext context, Func<Task> next)
    {
        var access = FhirAccessFeature.Of(context);
        var requirement = FhirAccessPolicy.For(context.Request.Method, context.Request.Path.Value ?? "");
        if (requirement is FhirAccessPolicy.Requirement.Open)
        {
            await next();
            return;
        }

        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("BoneMets.Fhir.Service.Auth");
        var authenticated = await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        if (!authenticated.Succeeded && context.RequestServices.GetRequiredService<AuthorizationOptions>().ExternalIssuer is not null)
        {
            authenticated = await context.AuthenticateAsync(ExternalIssuer.Scheme);
        }

        if (!authenticated.Succeeded)
        {
            var sent = context.Request.Headers.Authorization.Count > 0;
            var reason = sent ? "The access token is malformed, expired or not issued by this server." : "No access token was sent.";
            access.Refuse(FhirAccessOutcome.Unauthenticated, reason);
            context.Response.Headers.WWWAuthenticate = sent ? $"Bearer error=\"invalid_token\", error_description=\"{reason}\"" : "Bearer";
            AuthLog.AccessRefused(logger, StatusCodes.Status401Unauthorized, "unknown", context.Request.Method, Route(requirement));
            await FhirResults.Error(StatusCodes.Status401Unauthorized, IssueType.Login,
                reason + " This server needs a Bearer access token from its token endpoint (see .well-known/smart-configuration).").ExecuteAsync(context);
            return;
        }

        context.User = authenticated.Principal;
        access.Allow(context.User);
        if (requirement is FhirAccessPolicy.Requirement.Scope scope && !AccessTokens.Scopes(context.User).Any(s => s.Covers(scope.Needed)))
        {
            var reason = $"The access token's scopes do not include {scope.Needed} (or a scope that covers it).";
            access.Refuse(FhirAccessOutcome.Forbidden, reason);
            context.Response.Headers.WWWAuthenticate = $"Bearer error=\"insufficient_scope\", scope=\"{scope.Needed}\"";
            AuthLog.AccessRefused(logger, StatusCodes.Status403Forbidden, access.ClientId ?? "unknown", context.Request.Method, Route(requirement));
            await FhirResults.Error(StatusCodes.Status403Forbidden, IssueType.Forbidden, reason).ExecuteAsync(context);
            return;
        }

        await next();
    }

    /// <summary>What the log may name: the interaction and an R4 type, never the path's ids, query or other words.</summary>
    private static string Route(FhirAccessPolicy.Requirement requirement) =>
        requirement is FhirAccessPolicy.Requirement.Scope s
            ? $"{s.Interaction} {(Hl7.Fhir.Model.ModelInfo.IsKnownResource(s.Needed.ResourceType) ? s.Needed.ResourceType : "unknown type")}"
            : "other";
}
