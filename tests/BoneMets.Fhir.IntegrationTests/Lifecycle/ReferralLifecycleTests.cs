using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Tests.Scheduling;
using Hl7.Fhir.Model;
using BoneMets.Fhir.Testing;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.Lifecycle;

/// <summary>The whole lifecycle through the real host: received → triaged → scheduled → cancelled, read back over the API.</summary>
public sealed class ReferralLifecycleTests : IDisposable
{
    private const string Sample = LifecycleHost.Sample;
    private readonly FhirTestServer scheduling = ClinicSchedule.Server();

    public void Dispose() => scheduling.Dispose();

    private static string? BusinessStatus(Hl7.Fhir.Model.Task task) => task.BusinessStatus?.Coding.FirstOrDefault()?.Code;

    private static async Task<Hl7.Fhir.Model.Task> WaitForStatusAsync(BoneMetsHost host, string taskReference, string code)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            var task = await host.WaitForAsync<Hl7.Fhir.Model.Task>("/fhir/" + taskReference);
            if (BusinessStatus(task) == code)
            {
                return task;
            }
        }

        throw new TimeoutException($"{taskReference} did not reach {code} within 30 s.");
    }

    [Fact]
    public async Task Referral_ReceivedTriagedScheduledCancelled_EachStatusOnceInTaskHistoryAndSlotFreed()
    {
        scheduling.AddSlot("first", DateTimeOffset.UtcNow.AddHours(2));
        using var host = new BoneMetsHost(settings: LifecycleHost.Settings(scheduling));
        try
        {
            var response = await host.PostMessageAsync(Samples.Referral(Sample));
            var taskReference = BoneMetsHost.AnnouncedTask((Bundle)await BoneMetsHost.ReadFhirAsync(response));

            await WaitForStatusAsync(host, taskReference, "5.1.1");
            var appointmentId = DeterministicId.For(BoneMets.Fhir.Intake.ReferralMessage.KeyOf(
                FhirJson.Parse<Bundle>(Samples.Referral(Sample)).Entry.Select(e => e.Resource).OfType<ServiceRequest>().Single()), "appointment");
            var booked = await host.GetAsync<Appointment>($"/fhir/Appointment/{appointmentId}");
            Assert.Equal((Appointment.AppointmentStatus.Booked, "Slot/first"), (booked.Status!.Value, booked.Slot.Single().Reference));

            using var cancel = await host.PostMessageAsync(LifecycleHost.Cancellation());
            Assert.True(cancel.IsSuccessStatusCode);
            await WaitForStatusAsync(host, taskReference, "6.0");
            for (var deadline = DateTime.UtcNow.AddSeconds(30); scheduling.SlotById("first").Status != Slot.SlotStatus.Free && DateTime.UtcNow < deadline;)
            {
                await Task.Delay(100);
            }

            Assert.Equal(Slot.SlotStatus.Free, scheduling.SlotById("first").Status);
            Assert.Equal(Appointment.AppointmentStatus.Cancelled, (await host.GetAsync<Appointment>($"/fhir/Appointment/{appointmentId}")).Status);
            var history = new List<string?>();
            for (var v = 1; ; v++)
            {
                using var read = await host.CreateClient().GetAsync(new Uri($"/fhir/{taskReference}/_history/{v}", UriKind.Relative));
                if (!read.IsSuccessStatusCode)
                {
                    break;
                }

                history.Add(BusinessStatus(FhirJson.Parse<Hl7.Fhir.Model.Task>(await read.Content.ReadAsStringAsync())));
            }

            Assert.Equal(["3.0", "5.1.1", "6.0"], history);
            Assert.Single(scheduling.Appointments());
        }
        finally
        {
            host.DeleteStore();
        }
    }
}
