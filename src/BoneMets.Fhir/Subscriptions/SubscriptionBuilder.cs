using BoneMets.Fhir.Options;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Subscriptions;

/// <summary>
/// The Subscription the service asks a partner's server for: R4 core rest-hook (criteria a search) or the
/// Backport IG form (criteria the topic canonical, filters and payload content in extensions). Pure.
/// </summary>
public static class SubscriptionBuilder
{
    public const string BackportProfile = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription";
    private const string Ext = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/";

    public static Subscription Build(PartnerSubscriptionOptions options, string? id = null)
    {
        var backport = options.Mode == PartnerSubscriptionOptions.Backport;
        var subscription = new Subscription
        {
            Id = id,
            Status = Subscription.SubscriptionStatus.Requested,
            Reason = "Bone metastasis program: referrals addressed to the program",
            Criteria = backport ? options.Topic : options.Criteria,
            Channel = new Subscription.ChannelComponent
            {
                Type = Subscription.SubscriptionChannelType.RestHook,
                Endpoint = options.NotificationUrl,
                Payload = options.Payload == "empty" && !backport ? null : "application/fhir+json",
                Header = [$"{options.SecretHeader}: {options.Secret}"],
            },
        };
        if (!backport)
        {
            return subscription;
        }

        subscription.Meta = new Meta { Profile = [BackportProfile] };
        subscription.CriteriaElement.Extension.AddRange(options.FilterCriteria.Select(f => new Extension(Ext + "backport-filter-criteria", new FhirString(f))));
        subscription.Channel.PayloadElement!.Extension.Add(new Extension(Ext + "backport-payload-content", new Code(options.Payload)));
        subscription.Channel.Extension.Add(new Extension(Ext + "backport-heartbeat-period", new UnsignedInt((int)options.HeartbeatPeriod.TotalSeconds)));
        return subscription;
    }

    /// <summary>Whether a Subscription found on the server is ours to adopt: same endpoint and same criteria.</summary>
    public static bool IsOurs(Subscription found, PartnerSubscriptionOptions options) =>
        found.Channel?.Endpoint == options.NotificationUrl
        && found.Criteria == (options.Mode == PartnerSubscriptionOptions.Backport ? options.Topic : options.Criteria);
}
