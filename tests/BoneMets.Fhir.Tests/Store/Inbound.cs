using BoneMets.Fhir.Store;

namespace BoneMets.Fhir.Tests.Store;

/// <summary>Inbox messages for store tests: the store keeps the JSON as text, so any body will do.</summary>
public static class Inbound
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 16, 9, 0, 0, TimeSpan.Zero);

    public static InboundMessage Message(
        string bundleId, string headerId, string? requestId = null, DateTimeOffset? receivedAt = null, TimeSpan? cacheFor = null)
    {
        var at = receivedAt ?? T0;
        return new InboundMessage(bundleId, headerId, "key-" + bundleId, requestId, "corr-" + bundleId,
            $$"""{"resourceType":"Bundle","id":"{{bundleId}}"}""", $$"""{"resourceType":"Bundle","id":"response-{{bundleId}}"}""",
            at, at + (cacheFor ?? TimeSpan.FromDays(7)));
    }
}
