using BoneMets.Fhir.Terminology;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.Api;

/// <summary>
/// Issue 3 at host level: each sample's triage, as the referring team sees it — Task priority and deadline,
/// the teams on the proposed Appointment, and the score Observations in the case document.
/// </summary>
public sealed class TriageWriteBackTests : IClassFixture<TriageWriteBackTests.Service>
{
    private readonly BoneMetsHost host;

    public TriageWriteBackTests(Service service) => host = service.Host;

    public sealed class Service : IDisposable
    {
        public BoneMetsHost Host { get; } = new();

        public void Dispose()
        {
            Host.Dispose();
            Host.DeleteStore();
        }
    }

    [Theory]
    [InlineData("01-breast-femur-impending-fracture.json", "urgent", 48, "orthopaedic-oncology", "mirels-score")]
    [InlineData("02-prostate-thoracic-mscc.json", "stat", 24, "neurosurgical-spine radiation-oncology", "sins-score")]
    [InlineData("03-lung-lumbar-mechanical-pain.json", "urgent", 48, "neurosurgical-spine", "sins-score")]
    [InlineData("04-renal-humerus-pain-only.json", "routine", 168, "radiation-oncology", "mirels-score")]
    [InlineData("05-myeloma-hypercalcaemia-moderate.json", "urgent", 48, "medical-oncology", "corrected-calcium")]
    [InlineData("06-thyroid-cervical-spine.json", "urgent", 48, "neurosurgical-spine radiation-oncology", "noms-pathway")]
    [InlineData("07-breast-pelvis-severe-hypercalcaemia-si.json", "stat", 24, "medical-oncology", "corrected-calcium")]
    [InlineData("08-prostate-thin-referral.json", "routine", 168, "orthopaedic-oncology", "tokuhashi-revised-score")]
    [InlineData("09-lung-cauda-equina.json", "stat", 24, "neurosurgical-spine radiation-oncology medical-oncology", "sins-score")]
    [InlineData("10-renal-femur-shaft.json", "routine", 168, "orthopaedic-oncology", "mirels-score")]
    public async Task Post_Sample_TaskPriorityDeadlineTeamsAndScoresFollowTheTriage(string sample, string priority, int hours, string teams, string score)
    {
        using var response = await host.PostMessageAsync(Samples.Referral(sample));
        var reply = (Bundle)await BoneMetsHost.ReadFhirAsync(response);

        var task = await host.WaitForAsync<Hl7.Fhir.Model.Task>("/fhir/" + BoneMetsHost.AnnouncedTask(reply));
        Assert.Equal(priority, task.PriorityElement.JsonValue?.ToString());
        var window = task.Restriction.Period;
        Assert.Equal(TimeSpan.FromHours(hours), DateTimeOffset.Parse(window.End, null) - DateTimeOffset.Parse(window.Start, null));

        var appointment = (Appointment)Assert.Single((await host.GetAsync<Bundle>($"/fhir/Appointment?based-on={task.Focus.Reference}")).Entry).Resource;
        Assert.Equal(teams.Split(' ').Select(t => $"HealthcareService/{t}"),
            appointment.Participant.Select(p => p.Actor.Reference).Where(r => r.StartsWith("HealthcareService/", StringComparison.Ordinal)));
        Assert.Equal(window.End, appointment.RequestedPeriod[0].End);

        var output = Assert.IsType<ResourceReference>(task.Output[0].Value);
        var documents = await host.GetAsync<Bundle>("/fhir/Bundle?_count=100");
        var document = documents.Entry.Select(e => e.Resource).OfType<Bundle>()
            .Single(b => b.Entry.Any(e => e.Resource is RiskAssessment r && $"RiskAssessment/{r.Id}" == output.Reference));
        var composition = (Composition)document.Entry[0].Resource;
        var triageSection = composition.Section.Single(s => s.Code.Coding[0].Code == "triage");
        var scores = triageSection.Entry.Select(e => document.Entry.Single(x => $"{x.Resource.TypeName}/{x.Resource.Id}" == e.Reference).Resource)
            .OfType<Observation>().ToList();
        Assert.Contains(scores, o => o.Code.Coding.Any(c => c.System == CodeSystems.Observation && c.Code == score));
        Assert.All(scores, o => Assert.Equal(ObservationStatus.Final, o.Status));
    }
}
