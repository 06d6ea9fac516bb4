using System.Net;
using System.Net.Http.Headers;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Partners;

namespace BoneMets.Fhir.Gather;

/// <summary>
/// Authenticates requests to one partner. SMART Backend Services: a cached access token, and on a 401 one
/// fresh token and one resend (a revoked or rotated token); a second 401 is the partner's answer.
/// </summary>
internal sealed class PartnerAuthHandler(string partnerId, PartnerAuthOptions auth, PartnerTokens tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        switch (auth.Mode)
        {
            case PartnerAuthMode.None:
                return await base.SendAsync(request, cancellationToken);
            case PartnerAuthMode.StaticBearer:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", auth.BearerToken);
                return await base.SendAsync(request, cancellationToken);
        }

        var token = await tokens.GetAsync(partnerId, auth, refresh: false, cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        response.Dispose();
        token = await tokens.GetAsync(partnerId, auth, refresh: true, cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await base.SendAsync(request, cancellationToken);
    }
}
