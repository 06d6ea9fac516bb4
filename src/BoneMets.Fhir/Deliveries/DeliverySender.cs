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
using BoneMets.Fhir.Partners;

namespace BoneMets.Fhir.Deliveries;

/// <summary>
/// Sends one delivery through the partner's named HttpClient (auth, resilience, limits). FHIR write-back: one
/// transaction Bundle of conditional writes (safe for the pipeline to repeat); a 409/412 re-reads the partner's
/// copies and re-plans, up to <see cref="PartnerWriteBackOptions.MaxConflictRounds"/> rounds. Messages: one POST
/// of the message Bundle to the reply endpoint (never repeated by the pipeline; the outbox retries it, and its
/// fixed ids let the receiver recognise a resend).
/// </summary>
public sealed partial class DeliverySender(IHttpClientFactory http, IDeliveryOutbox outbox, PartnersOptions partners, ProgramOptions program, TimeProvider clock)
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
        catch (Exception e) when (e is HttpRequestException or IOException or TimeoutRejectedException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new DeliveryOutcome.Retry(e is HttpRequestException or IOException ? "the partner could not be reached" : "the partner timed out", null);
        }
    }

    private HttpClient Client(Delivery delivery) =>
        http.CreateClient(!partners.ContainsKey(delivery.PartnerId) ? ReplyClient
            : PartnerHttp.ClientName(delivery.PartnerId, delivery.Channel == DeliveryChannel.Message ? PartnerChannel.Messaging : PartnerChannel.WriteBack));

    private async Task<DeliveryOutcome> PostMessageAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(delivery.Target))
        {
            Content = new StringContent(delivery.PayloadJson, Encoding.UTF8, FhirJsonType),
        };
        using var response = await Client(delivery).SendAsync(request, cancellationToken);
        return response.IsSuccessStatusCode ? new DeliveryOutcome.Delivered([]) : await PartnerReads.ClassifyAsync(response, clock, cancellationToken);
    }

    private async Task<DeliveryOutcome> TransactAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        if (await outbox.RouteAsync(delivery.ReferralKey, cancellationToken) is not { } route)
        {
            return new DeliveryOutcome.Park("the referral has no write-back route");
        }

        var pending = FhirJson.Parse<Bundle>(delivery.PayloadJson).Entry.Select(e => e.Resource).OfType<Resource>().ToList();
        var partner = (await outbox.PartnerVersionsAsync(delivery.PartnerId, delivery.ReferralKey, cancellationToken))
            .ToDictionary(v => $"{v.Type}/{v.LocalId}", v => new PartnerCopy(v.TheirId, v.TheirVersion), StringComparer.Ordinal);
        var writeBack = partners.TryGetValue(delivery.PartnerId, out var options) ? options.WriteBack : new PartnerWriteBackOptions();
        var client = Client(delivery);
        if (await ReadPlacerTasksAsync(client, delivery.Target, pending, route, partner, cancellationToken) is { } unreadable)
        {
            return unreadable;
        }

        // Every update starts from what the partner holds now: a PUT replaces the whole resource, so a note a clinician
        // added there (or kept through an earlier merge) must be read to be kept. A resource with an earlier version but
        // no partner id known is looked up by identifier, so it is updated, never sent as a conditional create that would
        // match the old copy and change nothing.
        var stale = pending.Where(r => partner.GetValueOrDefault(DeliveryTransaction.Key(r)) is { Current: null } || (
            !partner.ContainsKey(DeliveryTransaction.Key(r)) && r.Meta?.VersionId is not (null or "1")));
        if (await ReadCopiesAsync(client, delivery.Target, stale, partner, cancellationToken) is { } unread)
        {
            return unread;
        }

        var (verified, unresolved) = await ReceivedReferences.ResolveAsync(client, delivery.Target, pending, route, partner, clock, cancellationToken);
        if (unresolved is not null)
        {
            return unresolved;
        }

        var unverified = "";
        for (var round = 0; round <= writeBack.MaxConflictRounds; round++)
        {
            var plan = DeliveryTransaction.Plan(pending, partner, route, program.PublicBaseUrl, delivery.Target);
            verified.AddRange(plan.AlreadyApplied);
            pending.RemoveAll(r => plan.AlreadyApplied.Any(a => a.Type == r.TypeName && a.LocalId == r.Id));
            if (plan.Entries.Count == 0)
            {
                return new DeliveryOutcome.Delivered(verified);
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(delivery.Target))
            {
                Content = new StringContent(FhirJson.Serialize(plan.Bundle), Encoding.UTF8, FhirJsonType),
            };
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(FhirJsonType));
            request.Headers.Add("Prefer", "return=representation"); // what the partner now holds, to verify without a read
            request.Options.Set(PartnerHttp.SafeToRetry, true); // every entry is conditional: repeating it cannot duplicate
            using var response = await client.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                var answer = PartnerFhir.Read(await response.Content.ReadAsStringAsync(cancellationToken)) as Bundle;
                var check = await VerifyAsync(client, delivery.Target, plan, answer, partner, verified, pending, cancellationToken);
                if (check is DeliveryOutcome.Retry { Reason: var reason } && reason.StartsWith(Unverified, StringComparison.Ordinal))
                {
                    return delivery.Attempts >= writeBack.MaxUnverifiedAttempts
                        ? new DeliveryOutcome.Park($"{reason} after {delivery.Attempts} attempts")
                        : check;
                }

                if (check is not null)
                {
                    return check;
                }

                unverified = "; the partner's copies still differ from what was sent";
                continue; // the next plan compares what they hold with ours: nothing left to write is verified delivery
            }

            if (response.StatusCode is not (HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed))
            {
                return await PartnerReads.ClassifyAsync(response, clock, cancellationToken);
            }

            // Someone else changed (or we already wrote) a resource: read what the partner holds now and plan again.
            unverified = "";
            if (await ReadPlacerTasksAsync(client, delivery.Target, pending, route, partner, cancellationToken) is { } gone)
            {
                return gone;
            }

            if (await ReadCopiesAsync(client, delivery.Target, pending.Where(r => PlacerTask.TheirId(r, route) is null), partner, cancellationToken) is { } rereadFailed)
            {
                return rereadFailed;
            }
        }

        return unverified.Length > 0 && delivery.Attempts >= writeBack.MaxUnverifiedAttempts
            ? new DeliveryOutcome.Park($"{Unverified}{unverified} after {delivery.Attempts} attempts")
            : new DeliveryOutcome.Retry($"version conflicts persisted over {writeBack.MaxConflictRounds} re-plans{unverified}", null);
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

            switch (await PartnerReads.FindAsync(client, $"{fhirBase}/Task/{theirId}", "Task", clock, cancellationToken))
            {
                case CopyRead.Found found:
                    partner[DeliveryTransaction.Key(local)] = found.Copy;
                    break;
                case CopyRead.Absent:
                    return new DeliveryOutcome.Park($"the placer's Task/{theirId} is gone at the partner; no second Task is created");
                case CopyRead.Failed failed:
                    return failed.Outcome;
            }
        }

        return null;
    }

    /// <summary>
    /// What the partner holds now for each resource, by its id there or else by the program's identifier. Gone where it
    /// was known parks (it is never created again); a failed read is never a reason to change the plan: the delivery is
    /// retried (or parked) as it stands. Null: all read.
    /// </summary>
    private async Task<DeliveryOutcome?> ReadCopiesAsync(
        HttpClient client, string fhirBase, IEnumerable<Resource> resources, Dictionary<string, PartnerCopy> partner, CancellationToken cancellationToken)
    {
        foreach (var local in resources.ToList())
        {
            var key = DeliveryTransaction.Key(local);
            var known = partner.GetValueOrDefault(key);
            switch (await PartnerReads.ReadAsync(client, fhirBase, local, known?.TheirId, clock, cancellationToken))
            {
                case CopyRead.Found found:
                    partner[key] = found.Copy;
                    break;
                case CopyRead.Absent when known is not null:
                    return new DeliveryOutcome.Park($"{key} is gone at the partner ({known.TheirId}); it is not created again");
                case CopyRead.Failed failed:
                    return failed.Outcome;
            }
        }

        return null;
    }
}
