namespace BoneMets.Fhir.Store;

/// <summary>The fence every write about leased work carries (ADR 0015): still processing, by this holder, under this claim.</summary>
public sealed partial class SqliteStore
{
    /// <summary>The row is still the caller's: processing, claimed by <c>$me</c>, and not claimed again since (<c>$token</c>).</summary>
    private const string HeldBy = "status = 'processing' AND claimed_by = $me AND claims = $token";

    internal static StoreLease LeaseOf(InboxItem item) =>
        item.Lease ?? throw new ArgumentException($"Inbox item {item.Sequence} was not claimed: only a claimed item can be renewed or settled.", nameof(item));

    internal static StoreLease LeaseOf(Delivery delivery) =>
        delivery.Lease ?? throw new ArgumentException($"Delivery {delivery.Sequence} was not claimed: only a claimed delivery can be renewed or settled.", nameof(delivery));

    internal static StoreLease LeaseOf(StoredNotification notification) =>
        notification.Lease ?? throw new ArgumentException($"Notification {notification.Sequence} was not claimed: only a claimed notification can be renewed or settled.", nameof(notification));

    internal static StoreConflictException LeaseLost(string what, long sequence) =>
        new($"{what} {sequence} is no longer leased to this instance: its lease ran out and another claim took it over, so this result is not recorded.");
}
