using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Tests.Scheduling;
using Hl7.Fhir.Model;
using BoneMets.Fhir.Testing;

namespace BoneMets.Fhir.IntegrationTests.Lifecycle;

/// <summary>What the lifecycle host tests share: the scheduling settings and the referrer's cancellation of sample 02.</summary>
internal static class LifecycleHost
{
    public const string Sample = "02-prostate-thoracic-mscc.json";

    /// <summary>Booking on <paramref name="scheduling"/>, one Schedule for every team, a pass every 100 ms.</summary>
    public static Dictionary<string, string> Settings(FhirTestServer scheduling)
    {
        var settings = new Dictionary<string, string>
        {
            ["Scheduling:BaseUrl"] = scheduling.BaseUrl,
            ["Scheduling:PollInterval"] = "00:00:00.100",
        };
        foreach (var team in CareTeams.All)
        {
            settings[$"Scheduling:Schedules:{team}"] = ClinicSchedule.ScheduleId;
        }

        return settings;
    }

    /// <summary>The sample sent again by the referrer with its Task cancelled (new message ids).</summary>
    public static string Cancellation()
    {
        var bundle = FhirJson.Parse<Bundle>(Samples.Referral(Sample));
        bundle.Id = Guid.NewGuid().ToString();
        bundle.Entry[0].Resource!.Id = Guid.NewGuid().ToString();
        bundle.Entry[0].FullUrl = $"urn:uuid:{bundle.Entry[0].Resource!.Id}";
        var task = bundle.Entry.Select(e => e.Resource).OfType<Hl7.Fhir.Model.Task>().Single();
        task.Status = Hl7.Fhir.Model.Task.TaskStatus.Cancelled;
        task.BusinessStatus = new CodeableConcept(CodeSystems.BserTaskBusinessStatus, "6.0", "Service Request Fulfillment Cancelled");
        return FhirJson.Serialize(bundle);
    }
}
