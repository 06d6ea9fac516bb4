using System.Net;
using System.Net.Http.Headers;
using System.Text;
using BoneMets.Fhir.Fhir;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace BoneMets.Fhir.Gather;

/// <summary>
/// A partner's answer to one request: its status, the resource it returned if any could be read, and the body as sent
/// (for what this R4 model cannot read, e.g. a Backport SubscriptionStatus resource; null for a batch entry).
/// </summary>
public sealed record FhirAnswer(int Status, Resource? Resource, string? Body = null)
{
    public bool Ok => Status is >= 200 and < 300 && Resource is not null;
}

/// <summary>
/// The FHIR reads gathering makes against one partner, through the partner's named HttpClient. A client error
/// (4xx) is an answer the caller records as a gap; an outage (connection failure, timeouts, 5xx or 429 after
/// the retries, an open circuit) is a <see cref="PartnerUnavailableException"/> that defers the referral.
/// </summary>
public sealed class PartnerFhir(Partner partner, HttpClient client, TimeProvider clock)
{
    private const string FhirJsonType = "application/fhir+json";

    // Partners' servers add elements and extensions of their own: read what can be read, never fail a referral on it.
    private static readonly FhirJsonDeserializer Lenient = new(new DeserializerSettings().UsingMode(DeserializationMode.Recoverable));

    private int roundTrips;

    public Partner Partner => partner;

    /// <summary>HTTP exchanges this instance started (retries inside the pipeline not counted).</summary>
    public int RoundTrips => roundTrips;

    public Task<FhirAnswer> GetAsync(string relativeOrAbsolute, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Resolve(relativeOrAbsolute));
        return SendAsync(request, cancellationToken);
    }

    /// <summary>Posts a batch of reads; marked safe to retry because every entry is a GET.</summary>
    public Task<FhirAnswer> BatchAsync(Bundle batch, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(partner.Options.Server))
        {
            Content = new StringContent(FhirJson.Serialize(batch), Encoding.UTF8, FhirJsonType),
        };
        request.Options.Set(PartnerHttp.SafeToRetry, batch.Entry.All(e => e.Request?.Method == Bundle.HTTPVerb.GET));
        return SendAsync(request, cancellationToken);
    }

    /// <summary>
    /// Creates (POST) or updates (PUT) a resource, e.g. the service's Subscription. Not retried by the pipeline: a
    /// timed-out create could otherwise become a duplicate; the caller searches before it creates again.
    /// </summary>
    public Task<FhirAnswer> WriteAsync(HttpMethod method, string relativeOrAbsolute, Resource resource, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, Resolve(relativeOrAbsolute))
        {
            Content = new StringContent(FhirJson.Serialize(resource), Encoding.UTF8, FhirJsonType),
        };
        return SendAsync(request, cancellationToken);
    }

    /// <summary>A paging link resolved to the absolute URL to follow, or null when it leaves this partner's API (see <see cref="PartnerLinks"/>).</summary>
    public Uri? Own(string? link) => PartnerLinks.Resolve(partner.Options.Server, link);

    /// <summary>A next page (an absolute URL <see cref="Own"/> accepted).</summary>
    public Task<FhirAnswer> GetAsync(Uri absolute, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, absolute), cancellationToken);

    private static bool IsAbsolute(string url) => url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private Uri Resolve(string url) => IsAbsolute(url) ? new Uri(url) : new Uri(partner.Options.Server + "/" + url);

    private async Task<FhirAnswer> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var _ = request;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(FhirJsonType));
        HttpResponseMessage response;
        Interlocked.Increment(ref roundTrips);
        try
        {
            response = await client.SendAsync(request, cancellationToken);
        }
        catch (BrokenCircuitException e)
        {
            throw new PartnerUnavailableException(partner.Id, "its circuit is open", e.RetryAfter, e);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new PartnerUnavailableException(partner.Id, e is HttpRequestException ? "it could not be reached" : "it timed out", null, e);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            // 501: the server does not do this (e.g. batch); an answer, not an outage.
            if ((status >= 500 && status != 501) || response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                throw new PartnerUnavailableException(partner.Id, $"it answered {status}", PartnerHttp.RetryAfter(response, clock.GetUtcNow()), null);
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return new FhirAnswer(status, Read(body), body);
        }
    }

    internal static Resource? Read(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            return Lenient.DeserializeResource(body);
        }
        catch (DeserializationFailedException e)
        {
            return e.PartialResult as Resource;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}

/// <summary>
/// A partner cannot be reached now. Not the referral's fault: the processor defers it (without spending its
/// attempts) until the partner is back; other partners' referrals keep flowing.
/// </summary>
public sealed class PartnerUnavailableException(string partnerId, string reason, TimeSpan? retryAfter, Exception? inner)
    : Exception($"Partner '{partnerId}' is unavailable: {reason}.", inner)
{
    public string PartnerId { get; } = partnerId;

    /// <summary>How long the partner or its circuit asked us to wait, when it said.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
