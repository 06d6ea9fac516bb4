using BoneMets.Fhir.Store;
using Microsoft.Extensions.DependencyInjection;
using static BoneMets.Fhir.IntegrationTests.Subscriptions.SubscriptionHost;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.Subscriptions;

/// <summary>
/// Issue 20: only referrals addressed to the program are taken in, whatever the partner's server returns — the stub
/// ignores the Filter's performer parameter, as servers ignore search parameters they do not support.
/// </summary>
public sealed class ProgramAddressTests : IDisposable
{
    private readonly SubscribingEhr ehr = new();

    public void Dispose() => ehr.Dispose();

    [Fact]
    public async Task Poll_ReferralAddressedToAnotherClinic_NoTask()
    {
        ehr.AddReferral();
        ehr.AddReferral("Organization/other-clinic");
        ehr.AddReferral();

        using var host = Start(ehr, mode: "none");
        await host.StartedAsync();
        await host.QuietAsync();

        Assert.Contains(ehr.Requests, r => r.StartsWith("GET /fhir/ServiceRequest?_lastUpdated=", StringComparison.Ordinal) && r.EndsWith("&performer=Organization/bonemets", StringComparison.Ordinal));
        Assert.Equal(1, await host.ProcessingsAsync(TaskId("WCH-R-9001")));
        Assert.Equal(0, await host.CountAsync("/fhir/Task?focus=ServiceRequest/sr-2"));
        Assert.Equal(1, await host.ProcessingsAsync(TaskId("WCH-R-9003")));
        Assert.DoesNotContain(ehr.Requests, r => r.Contains("sr-2", StringComparison.Ordinal)); // judged on the poll's copy, never fetched
        host.DeleteStore();
    }

    [Fact]
    public async Task Notification_ReferralAddressedToAnotherClinic_FetchedThenNotTakenIn()
    {
        using var host = Start(ehr);
        await host.StartedAsync();
        ehr.AddReferral("Organization/other-clinic");

        (await host.NotifyAsync(ehr.Events[0].Notification)).Dispose();
        await host.QuietAsync();

        Assert.Equal(0, await host.CountAsync("/fhir/Task?focus=ServiceRequest/sr-1"));
        var parked = Assert.Single(await host.Services.GetRequiredService<IReferralInbox>().ListAsync(InboxStatus.Parked, CancellationToken.None));
        Assert.Contains("is not addressed to this program: its performer is not Organization/bonemets", parked.LastError, StringComparison.Ordinal);
        host.DeleteStore();
    }
}
