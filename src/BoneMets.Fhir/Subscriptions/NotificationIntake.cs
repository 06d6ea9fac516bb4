using System.Security.Cryptography;
using System.Text;
using BoneMets.Fhir.Logging;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Store;
using Microsoft.Extensions.Logging;
using BoneMets.Fhir.Partners;

namespace BoneMets.Fhir.Subscriptions;

/// <summary>What the notification endpoint answers: 204 stored; 401, 404 or 400 with the reason.</summary>
public sealed record NotificationAnswer(int Status, string? Problem, long? Sequence = null);

/// <summary>
/// Receives one notification: authenticates the sender by the secret its Subscription sends in channel.header,
/// checks that the body is a notification, and stores it in one transaction before answering. Nothing else
/// happens before the answer, so the sender is never failed or slowed by downstream work.
/// </summary>
public sealed class NotificationIntake(PartnersOptions partners, ISubscriptionStore store, Pipeline.WorkSignal signal, TimeProvider clock, ILogger<NotificationIntake> logger)
{
    /// <summary>The header carrying the partner's secret, or null when the partner does not notify.</summary>
    public string? SecretHeader(string partnerId) =>
        partners.TryGetValue(partnerId, out var p) && p.Subscription is { Subscribes: true } s ? s.SecretHeader : null;

    /// <summary>A notification POSTed to the partner's endpoint.</summary>
    public Task<NotificationAnswer> ReceiveAsync(string partnerId, string? presentedSecret, string body, CancellationToken cancellationToken) =>
        ReceiveAsync(partnerId, presentedSecret, body, null, cancellationToken);

    /// <param name="addressed">"ServiceRequest/123" when the partner PUT the payload to {endpoint}/{type}/{id} (R4): the body must be that resource.</param>
    public async Task<NotificationAnswer> ReceiveAsync(string partnerId, string? presentedSecret, string body, string? addressed, CancellationToken cancellationToken)
    {
        if (!partners.TryGetValue(partnerId, out var partner) || partner.Subscription is not { Subscribes: true } subscription)
        {
            return new NotificationAnswer(404, $"No partner '{partnerId}' is configured to notify this service.");
        }

        if (!Authentic(presentedSecret ?? "", subscription.Secret!))
        {
            Log.NotificationRefused(logger, partnerId, 401);
            return new NotificationAnswer(401, $"The notification lacks the secret this partner's Subscription sends in header {subscription.SecretHeader}.");
        }

        var (notification, problem) = NotificationReader.Read(body, partner.Server);
        if (problem is null && addressed is not null && !Carries(notification!, addressed))
        {
            problem = $"A notification PUT to the endpoint's /{addressed} must carry that resource ({addressed}) as its body.";
        }

        if (problem is not null)
        {
            Log.NotificationRefused(logger, partnerId, 400);
            return new NotificationAnswer(400, problem);
        }

        var sequence = await store.SaveNotificationAsync(partnerId, body, clock.GetUtcNow(), cancellationToken);
        Log.NotificationStored(logger, sequence, partnerId);
        signal.Notify(Pipeline.SignalledWork.Notifications);
        return new NotificationAnswer(204, null, sequence);
    }

    private static bool Carries(Notification notification, string addressed) =>
        notification is { Type: NotificationType.RestHookPing, Events: [{ Resource: { } resource }] } && $"{resource.TypeName}/{resource.Id}" == addressed;

    /// <summary>Constant-time comparison of hashes, so neither the secret's content nor its length leaks through timing.</summary>
    internal static bool Authentic(string presented, string secret) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
