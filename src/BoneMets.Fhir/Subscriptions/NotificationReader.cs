using System.Globalization;
using BoneMets.Fhir.Gather;
using BoneMets.Fhir.Search;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Subscriptions;

/// <summary>
/// Reads a notification body: empty (an R4 rest-hook ping), a ServiceRequest or Task (a rest-hook ping with the
/// resource as payload), or a Backport notification Bundle (history, first entry the SubscriptionStatus
/// Parameters of IG 1.1, or the SubscriptionStatus resource of the newer encoding). Pure; partner extensions are tolerated. Returns null with a reason when the body is none of these.
/// </summary>
public static class NotificationReader
{
    public static (Notification? Notification, string? Problem) Read(string body, string partnerBaseUrl)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (new Notification(NotificationType.RestHookPing, null, null, null, []), null);
        }

        var resource = PartnerFhir.Read(body);
        if (resource is Bundle { Type: Bundle.BundleType.History, Entry: [{ Resource: not Parameters } first, ..] } && SubscriptionStatusReader.FromJson(body) is { } status)
        {
            first.Resource = status; // the newer encoding (a SubscriptionStatus resource), read as the 1.1 Parameters it carries
        }

        return resource is not null ? Read(resource, partnerBaseUrl) : (null, "The body is not a FHIR JSON resource.");
    }

    /// <summary>Reads a notification already parsed (a $events answer is a notification Bundle too).</summary>
    public static (Notification? Notification, string? Problem) Read(Resource resource, string partnerBaseUrl)
    {
        return resource switch
        {
            Bundle { Type: Bundle.BundleType.History } bundle => ReadBackport(bundle, partnerBaseUrl),
            ServiceRequest or Hl7.Fhir.Model.Task => Ping(resource, partnerBaseUrl),
            var other => (null, $"A notification is empty, a ServiceRequest or Task, or a history Bundle; this is a {other.TypeName}."),
        };
    }

    private static (Notification?, string?) Ping(Resource resource, string baseUrl) =>
        string.IsNullOrEmpty(resource.Id)
            ? (null, $"The notified {resource.TypeName} has no id.")
            : (new Notification(NotificationType.RestHookPing, null, null, null,
                [new NotificationEvent(null, $"{baseUrl}/{resource.TypeName}/{resource.Id}", resource.Meta?.VersionId, resource)]), null);

    private static (Notification?, string?) ReadBackport(Bundle bundle, string baseUrl)
    {
        if (bundle.Entry.FirstOrDefault()?.Resource is not Parameters status)
        {
            return (null, "A Backport notification's first entry must be the SubscriptionStatus: the IG 1.1 Parameters, or a SubscriptionStatus resource.");
        }

        var typeCode = Value(status.Parameter.FirstOrDefault(p => p.Name == "type")?.Value);
        NotificationType? type = typeCode switch
        {
            "handshake" => NotificationType.Handshake,
            "heartbeat" => NotificationType.Heartbeat,
            "event-notification" => NotificationType.EventNotification,
            "query-status" => NotificationType.QueryStatus,
            "query-event" => NotificationType.QueryEvent,
            _ => null,
        };
        if (type is null)
        {
            return (null, $"SubscriptionStatus type '{typeCode ?? "absent"}' is not handshake, heartbeat, event-notification, query-status or query-event.");
        }

        var subscription = status.Parameter.FirstOrDefault(p => p.Name == "subscription")?.Value is ResourceReference { Reference: { } r }
            ? SubscriptionId(r)
            : null;
        var since = Number(status.Parameter.FirstOrDefault(p => p.Name == "events-since-subscription-start")?.Value);
        var resources = bundle.Entry.Skip(1).Where(e => e.Resource is not null)
            .DistinctBy(e => e.FullUrl ?? $"{e.Resource!.TypeName}/{e.Resource.Id}")
            .ToDictionary(e => Absolute(e.FullUrl ?? $"{e.Resource!.TypeName}/{e.Resource.Id}", baseUrl).Url!, e => e.Resource!);

        var events = new List<NotificationEvent>();
        foreach (var part in status.Parameter.Where(p => p.Name == "notification-event"))
        {
            var number = Number(part.Part.FirstOrDefault(p => p.Name == "event-number")?.Value);
            var focus = part.Part.FirstOrDefault(p => p.Name == "focus")?.Value is ResourceReference { Reference: { } f } ? Absolute(f, baseUrl) : default;
            var resource = focus.Url is not null && resources.TryGetValue(focus.Url, out var found) ? found : null;
            events.Add(new NotificationEvent(number, focus.Url, focus.Version ?? resource?.Meta?.VersionId, resource));
        }

        return (new Notification(type.Value, subscription, Value(status.Parameter.FirstOrDefault(p => p.Name == "status")?.Value), since, events), null);
    }

    private static string? SubscriptionId(string reference)
    {
        var parts = NotificationReader.Absolute(reference, "").Url!.TrimEnd('/').Split('/');
        return parts.Length >= 2 && parts[^2] == "Subscription" ? parts[^1] : null;
    }

    /// <summary>An absolute URL for a reference (relative ones are on the partner's server), with any _history version split off.</summary>
    internal static (string? Url, string? Version) Absolute(string reference, string baseUrl)
    {
        var url = reference.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || reference.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            ? reference
            : $"{baseUrl}/{reference.TrimStart('/')}";
        return ReferenceValue.SplitVersion(url);
    }

    private static string? Value(DataType? value) => value switch
    {
        Code c => c.Value,
        PrimitiveType p => p.ToString(),
        _ => null,
    };

    /// <summary>Event numbers are strings in Backport 1.1.0 (they may exceed 32 bits) and unsignedInt in 1.0.</summary>
    private static long? Number(DataType? value) =>
        long.TryParse(Value(value), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
