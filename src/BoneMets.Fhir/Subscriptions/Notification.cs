namespace BoneMets.Fhir.Subscriptions;

public enum NotificationType { Handshake, Heartbeat, EventNotification, QueryStatus, QueryEvent, RestHookPing }

/// <summary>One event a notification reports: its number (Backport) and the changed resource, when named.</summary>
/// <param name="FocusUrl">Absolute URL of the resource without its _history part; null when the payload is empty.</param>
/// <param name="VersionId">The version, when the notification says (a _history URL or a full resource's meta.versionId).</param>
/// <param name="Resource">The resource itself with payload full-resource.</param>
public sealed record NotificationEvent(long? Number, string? FocusUrl, string? VersionId, Hl7.Fhir.Model.Resource? Resource);

/// <summary>
/// A notification as read: R4 rest-hook pings carry no status or numbers (a ping, maybe with the resource);
/// Backport Bundles carry the SubscriptionStatus with the count of events since the subscription started.
/// </summary>
public sealed record Notification(
    NotificationType Type, string? SubscriptionId, string? Status, long? EventsSinceStart, IReadOnlyList<NotificationEvent> Events);
