using BoneMets.Fhir.IntegrationTests.WriteBack;
using BoneMets.Fhir.Tests.Scheduling;
using Hl7.Fhir.Model;
using BoneMets.Fhir.Testing;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.Lifecycle;

/// <summary>
/// Issue 6's "done when": a referral's whole lifecycle — received, triaged, scheduled, cancelled — is visible to the
/// referrer exactly once per change: counted at the partner's FHIR server, one version of its Task per status.
/// </summary>
public sealed class LifecycleDeliveryTests : IDisposable
{
    private readonly FhirTestServer scheduling = ClinicSchedule.Server();
    private readonly FakePartnerServer partner = new();

    public void Dispose()
    {
        scheduling.Dispose();
        partner.Dispose();
    }

    private BoneMetsHost Start() => WriteBackHost.Start(partner, extra: LifecycleHost.Settings(scheduling));

    private async Task<IReadOnlyList<string?>> PartnerSeesAsync(string lastStatus)
    {
        await WriteBackHost.UntilAsync(() => partner.Count("Task") == 1
            && partner.History<Hl7.Fhir.Model.Task>()[^1].BusinessStatus?.Coding.FirstOrDefault()?.Code == lastStatus, $"the partner's Task at {lastStatus}");
        return [.. partner.History<Hl7.Fhir.Model.Task>().Select(t => t.BusinessStatus?.Coding.FirstOrDefault()?.Code)];
    }

    [Fact]
    public async Task Lifecycle_ReceivedScheduledCancelled_PartnerSeesEachStatusOnce()
    {
        scheduling.AddSlot("first", DateTimeOffset.UtcNow.AddHours(2));
        using var host = Start();
        try
        {
            using (var response = await host.PostMessageAsync(Samples.Referral(LifecycleHost.Sample)))
            {
                Assert.True(response.IsSuccessStatusCode);
            }

            Assert.Equal(["3.0", "5.1.1"], await PartnerSeesAsync("5.1.1"));
            Assert.Equal(Appointment.AppointmentStatus.Booked, Assert.Single(partner.All<Appointment>()).Status);

            using (var cancel = await host.PostMessageAsync(LifecycleHost.Cancellation()))
            {
                Assert.True(cancel.IsSuccessStatusCode, await cancel.Content.ReadAsStringAsync());
            }

            Assert.Equal(["3.0", "5.1.1", "6.0"], await PartnerSeesAsync("6.0"));
            await WriteBackHost.SettledAsync(host, 3);
            Assert.Equal(3, partner.History<Hl7.Fhir.Model.Task>().Count); // settled: nothing more arrived
            Assert.Equal(Appointment.AppointmentStatus.Cancelled, Assert.Single(partner.All<Appointment>()).Status);
            Assert.Empty(partner.Duplicates());
        }
        finally
        {
            host.DeleteStore();
        }
    }
}
