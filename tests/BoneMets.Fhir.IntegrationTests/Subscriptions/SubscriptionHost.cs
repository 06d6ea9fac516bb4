using System.Net.Http.Headers;
using System.Text;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Store;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.Subscriptions;

/// <summary>The service configured to subscribe to a <see cref="SubscribingEhr"/> as partner "west", and what the tests ask of it.</summary>
internal static class SubscriptionHost
{
    public const string Secret = "west-secret-0123456789";

    public static BoneMetsHost Start(SubscribingEhr ehr, string mode = "backport", string pollInterval = "01:00:00", string checkInterval = "01:00:00", string heartbeat = "01:00:00", string payload = "id-only", string? data = null) =>
        new(data, settings: new Dictionary<string, string>
        {
            ["Partners:west:BaseUrl"] = ehr.BaseUrl,
            ["Partners:west:Subscription:Mode"] = mode,
            ["Partners:west:Subscription:Topic"] = SubscribingEhr.Topic,
            ["Partners:west:Subscription:Filter"] = SubscribingEhr.Filter,
            ["Partners:west:Subscription:Payload"] = payload,
            ["Partners:west:Subscription:Secret"] = Secret,
            ["Partners:west:Subscription:NotificationUrl"] = "http://localhost/notifications/west",
            ["Partners:west:Subscription:PollInterval"] = pollInterval,
            ["Partners:west:Subscription:CheckInterval"] = checkInterval,
            ["Partners:west:Subscription:HeartbeatPeriod"] = heartbeat,
        });

    public static Task<HttpResponseMessage> NotifyAsync(this BoneMetsHost host, string body, string? secret = Secret) =>
        host.NotifyAsync(HttpMethod.Post, "/notifications/west", body, secret);

    /// <summary>As R4 servers deliver a rest-hook payload: PUT {endpoint}/{type}/{id}.</summary>
    public static Task<HttpResponseMessage> NotifyByPutAsync(this BoneMetsHost host, string typeAndId, string body, string? secret = Secret) =>
        host.NotifyAsync(HttpMethod.Put, "/notifications/west/" + typeAndId, body, secret);

    private static async Task<HttpResponseMessage> NotifyAsync(this BoneMetsHost host, HttpMethod method, string path, string body, string? secret)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/fhir+json");
        if (secret is not null)
        {
            request.Headers.Add("X-Subscription-Secret", secret);
        }

        return await host.CreateClient().SendAsync(request);
    }

    public static Task<HttpResponseMessage> NotifyAsync(this BoneMetsHost host, Resource notification) => host.NotifyAsync(FhirJson.Serialize(notification));

    /// <summary>Waits (bounded: 30 s) until the condition holds.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(50))
        {
            if (await condition())
            {
                return;
            }
        }

        throw new TimeoutException($"Not within 30 s: {what}.");
    }

    /// <summary>The first round is over: the Subscription exists (when subscribing) and the first poll set the safe point.</summary>
    public static Task StartedAsync(this BoneMetsHost host)
    {
        _ = host.Services; // starts the host, the validator's warm-up included (ADR 0017: seconds), before the 30 s for the first poll run
        return UntilAsync(async () =>
            (await host.Services.GetRequiredService<ISubscriptionStore>().StateAsync("west", CancellationToken.None)).SafePoint is not null, "first poll");
    }

    /// <summary>Every notification handled and every referral it fed processed.</summary>
    public static Task QuietAsync(this BoneMetsHost host) => UntilAsync(async () =>
    {
        var store = host.Services.GetRequiredService<ISubscriptionStore>();
        var inbox = host.Services.GetRequiredService<IReferralInbox>();
        return (await store.PendingNotificationsAsync(1, CancellationToken.None)).Count == 0
            && (await inbox.ListAsync(InboxStatus.Pending, CancellationToken.None)).Count == 0
            && (await inbox.ListAsync(InboxStatus.Processing, CancellationToken.None)).Count == 0;
    }, "notifications and inbox drained");

    public static string TaskId(string placerNumber) =>
        DeterministicId.For($"identifier|https://fhir.westbrook.example.org/identifier/referral|{placerNumber}", "task");

    /// <summary>How many times a referral was processed: one Provenance per processing names its Task.</summary>
    public static async Task<int> ProcessingsAsync(this BoneMetsHost host, string taskId) =>
        (await host.GetAsync<Bundle>($"/fhir/Provenance?target=Task/{taskId}&_count=100")).Entry.Count(e => e.Search?.Mode != Bundle.SearchEntryMode.Include);

    public static async Task<int> CountAsync(this BoneMetsHost host, string search) =>
        (await host.GetAsync<Bundle>(search)).Entry.Count(e => e.Search?.Mode != Bundle.SearchEntryMode.Include);
}
