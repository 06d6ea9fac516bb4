using BoneMets.Fhir.Options;
using Hl7.Fhir.Model;
using BoneMets.Fhir.Partners;

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
            Criteria = backport ? options.Topic : options.Filter,
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
        subscription.CriteriaElement.Extension.Add(new Extension(Ext + "backport-filter-criteria", new FhirString(options.Filter)));
        subscription.Channel.PayloadElement!.Extension.Add(new Extension(Ext + "backport-payload-content", new Code(options.Payload)));
        subscription.Channel.Extension.Add(new Extension(Ext + "backport-heartbeat-period", new UnsignedInt((int)options.HeartbeatPeriod.TotalSeconds)));
        return subscription;
    }

    /// <summary>
    /// Whether a Subscription found on the server is ours to adopt: same endpoint and same criteria (Backport: same
    /// topic and, when the server kept it, the same filter), compared as the server may have normalised them —
    /// scheme and host case, default port, a trailing slash; search parameters in any order, escaped or not.
    /// </summary>
    public static bool IsOurs(Subscription found, PartnerSubscriptionOptions options)
    {
        if (!SameUrl(found.Channel?.Endpoint, options.NotificationUrl))
        {
            return false;
        }

        if (options.Mode != PartnerSubscriptionOptions.Backport)
        {
            return SameSearch(found.Criteria, options.Filter);
        }

        var filters = found.CriteriaElement?.Extension.Where(e => e.Url == Ext + "backport-filter-criteria").Select(e => (e.Value as FhirString)?.Value).ToList() ?? [];
        return SameUrl(found.Criteria, options.Topic) && (filters.Count == 0 || filters.All(f => SameSearch(f, options.Filter)));
    }

    internal static bool SameUrl(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return a == b;
        }

        return Uri.TryCreate(a.Trim(), UriKind.Absolute, out var x) && Uri.TryCreate(b.Trim(), UriKind.Absolute, out var y)
            ? string.Equals(x.Scheme, y.Scheme, StringComparison.OrdinalIgnoreCase) && string.Equals(x.IdnHost, y.IdnHost, StringComparison.OrdinalIgnoreCase)
                && x.Port == y.Port && x.AbsolutePath.TrimEnd('/') == y.AbsolutePath.TrimEnd('/') && SameQuery(x.Query.TrimStart('?'), y.Query.TrimStart('?'))
            : a.Trim() == b.Trim();
    }

    internal static bool SameSearch(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return a == b;
        }

        var (typeA, queryA) = Split(a.Trim());
        var (typeB, queryB) = Split(b.Trim());
        return typeA.TrimEnd('/') == typeB.TrimEnd('/') && SameQuery(queryA, queryB);

        static (string Type, string Query) Split(string search) =>
            search.IndexOf('?', StringComparison.Ordinal) is var q and >= 0 ? (search[..q], search[(q + 1)..]) : (search, "");
    }

    private static bool SameQuery(string a, string b) => Parameters(a).SequenceEqual(Parameters(b));

    private static IEnumerable<string> Parameters(string query) => query.Split('&', StringSplitOptions.RemoveEmptyEntries)
        .Select(p => Uri.UnescapeDataString(p.Replace('+', ' '))).Order(StringComparer.Ordinal);
}
