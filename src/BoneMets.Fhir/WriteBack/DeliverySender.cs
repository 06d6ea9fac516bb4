using System.Net;
using System.Net.Http.Headers;
using System.Text;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Gather;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Store;
using Hl7.Fhir.Model;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace BoneMets.Fhir.WriteBack;

/// <summary>
/// Sends one delivery through the partner's named HttpClient (auth, resilience, limits). FHIR write-back: one
/// transaction Bundle of conditional writes (safe for the pipeline to repeat); a 409/412 re-reads the partner's
/// copies and re-plans, up to <see cref="PartnerWriteBackOptions.MaxConflictRounds"/> rounds. Messages: one POST
/// of the message Bundle to the reply endpoint (never repeated by the pipeline; the outbox retries it, and its
/// fixed ids let the receiver recognise a resend).
/// </summary>
public sealed class DeliverySender(IHttpClientFactory http, IDeliveryOutbox outbox, GatherOptions gather, ProgramOptions program, TimeProvider clock)
{
    public const string ReplyClient = "bonemets-reply";
    private const string FhirJsonType = "application/fhir+json";

    public async Task<DeliveryOutcome> SendAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        try
        {
            return delivery.Channel == DeliveryChannel.Message
                ? await PostMessageAsync(delivery, cancellationToken)
                : await TransactAsync(delivery, cancellationToken);
        }
        catch (BrokenCircuitException e)
        {
            return new DeliveryOutcome.Retry("the partner's circuit is open", e.RetryAfter);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new DeliveryOutcome.Retry(e is HttpRequestException ? "the partner could not be reached" : "the partner timed out", null);
        }
    }

    private HttpClient Client(Delivery delivery) =>
        http.CreateClient(gather.Partners.ContainsKey(delivery.PartnerId) ? PartnerHttp.ClientName(delivery.PartnerId) : ReplyClient);

    private async Task<DeliveryOutcome> PostMessageAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(delivery.Target))
        {
            Content = new StringContent(delivery.PayloadJson, Encoding.UTF8, FhirJsonType),
        };
        using var response = await Client(delivery).SendAsync(request, cancellationToken);
        return response.IsSuccessStatusCode ? new DeliveryOutcome.Delivered([]) : await ClassifyAsync(response, cancellationToken);
    }

    private async Task<DeliveryOutcome> TransactAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        if (await outbox.RouteAsync(delivery.ReferralKey, cancellationToken) is not { } route)
        {
            return new DeliveryOutcome.Park("the referral has no write-back route");
        }

        var snapshot = FhirJson.Parse<Bundle>(delivery.PayloadJson).Entry.Select(e => e.Resource).OfType<Resource>().ToList();
        var partner = (await outbox.PartnerVersionsAsync(delivery.PartnerId, delivery.ReferralKey, cancellationToken))
            .ToDictionary(v => $"{v.Type}/{v.LocalId}", v => new PartnerCopy(v.TheirId, v.TheirVersion), StringComparer.Ordinal);
        var rounds = gather.Partners.TryGetValue(delivery.PartnerId, out var options) ? options.WriteBack.MaxConflictRounds : 3;
        var client = Client(delivery);
        if (await ReadPlacerTasksAsync(client, delivery.Target, snapshot, route, partner, cancellationToken) is { } unreadable)
        {
            return unreadable;
        }

        for (var round = 0; round <= rounds; round++)
        {
            var plan = DeliveryTransaction.Plan(snapshot, partner, route, program.PublicBaseUrl, delivery.Target);
            if (plan.Entries.Count == 0)
            {
                return new DeliveryOutcome.Delivered(plan.AlreadyApplied);
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(delivery.Target))
            {
                Content = new StringContent(FhirJson.Serialize(plan.Bundle), Encoding.UTF8, FhirJsonType),
            };
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(FhirJsonType));
            request.Options.Set(PartnerHttp.SafeToRetry, true); // every entry is conditional: repeating it cannot duplicate
            using var response = await client.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                // Without a readable transaction-response the partner's ids stay unknown: send again (the conditional
                // writes find what was made) rather than create blindly later.
                return PartnerFhir.Read(await response.Content.ReadAsStringAsync(cancellationToken)) is Bundle answer && answer.Entry.Count == plan.Entries.Count
                    ? new DeliveryOutcome.Delivered([.. plan.AlreadyApplied, .. Learnt(plan.Entries, answer)])
                    : new DeliveryOutcome.Retry($"the partner answered {(int)response.StatusCode} without a transaction-response", null);
            }

            if (response.StatusCode is not (HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed))
            {
                return await ClassifyAsync(response, cancellationToken);
            }

            // Someone else changed (or we already wrote) a resource: read what the partner holds now and plan again.
            if (await ReadPlacerTasksAsync(client, delivery.Target, snapshot, route, partner, cancellationToken) is { } gone)
            {
                return gone;
            }

            foreach (var local in snapshot.Where(r => PlacerTask.TheirId(r, route) is null))
            {
                var key = DeliveryTransaction.Key(local);
                if (await ReadCurrentAsync(client, delivery.Target, local, partner.GetValueOrDefault(key), cancellationToken) is { } current)
                {
                    partner[key] = current;
                }
                else
                {
                    partner.Remove(key); // gone or unreadable: a conditional create again, which finds it if it is there after all
                }
            }
        }

        return new DeliveryOutcome.Retry($"version conflicts persisted over {rounds} re-plans", null);
    }

    /// <summary>
    /// The placer's Task in the snapshot, read by its id on their server: a PUT replaces the whole Task, so ours goes on
    /// top of their current copy, with If-Match on the version just read. Gone (404/410) parks — the program never
    /// creates a second Task for the placer's — and any other failure is classified like a write's. Null: all read.
    /// </summary>
    private async Task<DeliveryOutcome?> ReadPlacerTasksAsync(
        HttpClient client, string fhirBase, IReadOnlyList<Resource> snapshot, DeliveryRoute route, Dictionary<string, PartnerCopy> partner, CancellationToken cancellationToken)
    {
        foreach (var local in snapshot)
        {
            if (PlacerTask.TheirId(local, route) is not { } theirId)
            {
                continue;
            }

            using var response = await client.GetAsync(new Uri($"{fhirBase}/Task/{theirId}"), cancellationToken);
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
            {
                return new DeliveryOutcome.Park($"the placer's Task/{theirId} is gone at the partner ({(int)response.StatusCode}); no second Task is created");
            }

            if (!response.IsSuccessStatusCode)
            {
                return await ClassifyAsync(response, cancellationToken);
            }

            if (PartnerFhir.Read(await response.Content.ReadAsStringAsync(cancellationToken)) is not Hl7.Fhir.Model.Task current)
            {
                return new DeliveryOutcome.Retry($"the partner answered Task/{theirId} without a Task", null);
            }

            partner[DeliveryTransaction.Key(local)] = new PartnerCopy(theirId, current.Meta?.VersionId, current);
        }

        return null;
    }

    private static async Task<PartnerCopy?> ReadCurrentAsync(HttpClient client, string fhirBase, Resource local, PartnerCopy? known, CancellationToken cancellationToken)
    {
        var url = known is null ? $"{fhirBase}/{local.TypeName}?{DeliveryTransaction.Condition(local)}" : $"{fhirBase}/{local.TypeName}/{known.TheirId}";
        using var response = await client.GetAsync(new Uri(url), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        var read = PartnerFhir.Read(await response.Content.ReadAsStringAsync(cancellationToken));
        var current = read is Bundle { Type: Bundle.BundleType.Searchset } found ? found.Entry.Select(e => e.Resource).FirstOrDefault(r => r is not null && r is not OperationOutcome) : read;
        return current?.Id is { } id ? new PartnerCopy(id, current.Meta?.VersionId, current) : null;
    }

    /// <summary>What the partner called each entry: from each response's location (Type/id/_history/version) or etag.</summary>
    internal static IEnumerable<PartnerVersion> Learnt(IReadOnlyList<Resource> entries, Bundle? answer)
    {
        for (var i = 0; i < entries.Count && answer is not null && i < answer.Entry.Count; i++)
        {
            var response = answer.Entry[i].Response;
            var parts = (response?.Location ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
            var history = Array.IndexOf(parts, "_history");
            var idAt = history > 0 ? history - 1 : Array.LastIndexOf(parts, entries[i].TypeName) + 1;
            if (idAt <= 0 || idAt >= parts.Length)
            {
                continue;
            }

            var version = history > 0 && history + 1 < parts.Length ? parts[history + 1] : response?.Etag?.Replace("W/", "", StringComparison.Ordinal).Trim('"');
            yield return new PartnerVersion(entries[i].TypeName, entries[i].Id!, parts[idAt], version);
        }
    }

    /// <summary>429 and 5xx are transient; any other failure with an OperationOutcome (or none) is permanent and parks.</summary>
    private async Task<DeliveryOutcome> ClassifyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (status >= 500 || response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout)
        {
            return new DeliveryOutcome.Retry($"the partner answered {status}", PartnerHttp.RetryAfter(response, clock.GetUtcNow()));
        }

        var outcome = PartnerFhir.Read(await response.Content.ReadAsStringAsync(cancellationToken)) as OperationOutcome;
        var issues = Pipeline.FailureReasons.Of(outcome);
        return new DeliveryOutcome.Park($"the partner answered {status}: {string.Join("; ", issues)}".TrimEnd(' ', ':'));
    }
}
