using BoneMets.Fhir.IntegrationTests.Subscriptions;
using Hl7.Fhir.Model;
using static BoneMets.Fhir.IntegrationTests.Subscriptions.SubscriptionHost;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.WriteBack;

/// <summary>
/// A referral the service only learnt of by notification (a pointer, fetched from the partner) is written back like any
/// other: keyed on the referral it turned out to be, referring to the partner's own ServiceRequest, and every later
/// change (here the referrer revoking it) reaches the partner once, as an update of the same Task.
/// </summary>
public sealed class NotifiedReferralDeliveryTests : IDisposable
{
    private readonly SubscribingEhr ehr = new();
    private readonly FakePartnerServer writeBack = new();

    public void Dispose()
    {
        ehr.Dispose();
        writeBack.Dispose();
    }

    private BoneMetsHost Start() => new(settings: new Dictionary<string, string>
    {
        ["Partners:west:BaseUrl"] = ehr.BaseUrl,
        ["Partners:west:Subscription:Mode"] = "backport",
        ["Partners:west:Subscription:Topic"] = SubscribingEhr.Topic,
        ["Partners:west:Subscription:Filter"] = SubscribingEhr.Filter,
        ["Partners:west:Subscription:Payload"] = "id-only",
        ["Partners:west:Subscription:Secret"] = Secret,
        ["Partners:west:Subscription:NotificationUrl"] = "http://localhost/notifications/west",
        ["Partners:west:Subscription:PollInterval"] = "01:00:00",
        ["Partners:west:Subscription:CheckInterval"] = "01:00:00",
        ["Partners:west:Subscription:HeartbeatPeriod"] = "01:00:00",
        ["Partners:west:WriteBack:Enabled"] = "true",
        ["Program:PublicBaseUrl"] = WriteBackHost.PublicBaseUrl,
        ["Partners:west:WriteBack:BaseUrl"] = writeBack.BaseUrl,
        ["Partners:west:WriteBack:RetryBaseDelay"] = "00:00:00.100",
    });

    [Fact]
    public async Task NotifiedThenRevoked_WrittenBackOnceThenUpdatedOnce_ReferringToThePartnersServiceRequest()
    {
        using var host = Start();
        await host.StartedAsync();
        var id = ehr.AddReferral();
        (await host.NotifyAsync(ehr.Events[0].Notification)).Dispose();
        await host.QuietAsync();
        await WriteBackHost.SettledAsync(host, 1);

        var task = Assert.Single(writeBack.All<Hl7.Fhir.Model.Task>());
        Assert.Equal($"ServiceRequest/{id}", task.Focus.Reference);
        Assert.Equal(Hl7.Fhir.Model.Task.TaskStatus.Accepted, task.Status);

        ehr.RevokeReferral(id);
        (await host.NotifyAsync(ehr.Events[1].Notification)).Dispose();
        await host.QuietAsync();
        var deliveries = await WriteBackHost.SettledAsync(host, 2);

        Assert.Equal(2, deliveries.Count);
        Assert.Empty(writeBack.Duplicates());
        task = Assert.Single(writeBack.All<Hl7.Fhir.Model.Task>());
        Assert.Equal(Hl7.Fhir.Model.Task.TaskStatus.Cancelled, task.Status);
        Assert.Equal("2", task.Meta.VersionId);
        Assert.Equal(Appointment.AppointmentStatus.Cancelled, Assert.Single(writeBack.All<Appointment>()).Status);
        host.DeleteStore();
    }
}
