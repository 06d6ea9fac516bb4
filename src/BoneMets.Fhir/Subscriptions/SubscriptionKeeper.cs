using BoneMets.Fhir.Gather;
using BoneMets.Fhir.Logging;
using BoneMets.Fhir.Store;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Logging;

namespace BoneMets.Fhir.Subscriptions;

/// <summary>
/// Keeps the service's Subscription on a partner's server: adopts one that already points at our endpoint with
/// our criteria (a restart, or a create whose answer was lost), creates one otherwise, and repairs one the server
/// turned error or off (or deleted) by asking for it again. Says when it repaired one: what the partner counted
/// while in error never reached us, and the caller recovers it at once.
/// </summary>
public sealed class SubscriptionKeeper(ISubscriptionStore store, ILogger<SubscriptionKeeper> logger)
{
    public async Task<(string? Id, string? RepairedFrom)> EnsureAsync(PartnerFhir partner, CancellationToken cancellationToken)
    {
        var options = partner.Partner.Options.Subscription!;
        var state = await store.StateAsync(partner.Partner.Id, cancellationToken);
        var current = state.SubscriptionId is { } known ? await partner.GetAsync($"Subscription/{known}", cancellationToken) : null;
        var subscription = current is { Ok: true, Resource: Subscription s } ? s : await AdoptAsync(partner, cancellationToken);

        if (subscription is null)
        {
            var created = await partner.WriteAsync(HttpMethod.Post, "Subscription", SubscriptionBuilder.Build(options), cancellationToken);
            if (created.Resource is not Subscription { Id: { } createdId })
            {
                Log.SubscriptionNotCreated(logger, partner.Partner.Id, created.Status);
                return (null, null);
            }

            Log.SubscriptionCreated(logger, partner.Partner.Id, createdId);
            return (await SaveAsync(state, createdId, cancellationToken), null);
        }

        if (subscription.Status is Subscription.SubscriptionStatus.Error or Subscription.SubscriptionStatus.Off)
        {
            var was = subscription.Status.ToString()!;
            var repaired = await partner.WriteAsync(HttpMethod.Put, $"Subscription/{subscription.Id}", SubscriptionBuilder.Build(options, subscription.Id), cancellationToken);
            Log.SubscriptionRepaired(logger, partner.Partner.Id, subscription.Id!, was, repaired.Status);
            return (await SaveAsync(state, subscription.Id!, cancellationToken), was);
        }
        else if (state.SubscriptionId != subscription.Id)
        {
            Log.SubscriptionAdopted(logger, partner.Partner.Id, subscription.Id!);
        }

        return (await SaveAsync(state, subscription.Id!, cancellationToken), null);
    }

    /// <summary>Searches by our endpoint before creating, so a restart or a lost create answer never makes a second Subscription.</summary>
    private static async Task<Subscription?> AdoptAsync(PartnerFhir partner, CancellationToken cancellationToken)
    {
        var options = partner.Partner.Options.Subscription!;
        var found = await partner.GetAsync($"Subscription?url={Uri.EscapeDataString(options.NotificationUrl!)}", cancellationToken);
        return (found.Resource as Bundle)?.Entry.Select(e => e.Resource).OfType<Subscription>().FirstOrDefault(s => SubscriptionBuilder.IsOurs(s, options));
    }

    private async Task<string> SaveAsync(SubscriptionState state, string id, CancellationToken cancellationToken)
    {
        if (state.SubscriptionId != id)
        {
            // Event counters are kept per Subscription (subscription_events): a new one starts its own from its handshake.
            var fresh = await store.StateAsync(state.PartnerId, cancellationToken);
            await store.SaveStateAsync(fresh with { SubscriptionId = id }, cancellationToken);
        }

        return id;
    }
}
