using System.Net;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Store;
using BoneMets.Fhir.Tests.Gather;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.Gather;

/// <summary>
/// The issue's "done when": a message that carries only a reference to the referral on the referrer's EHR becomes a
/// complete case, fetched and gathered from a stub EHR in two round trips (ADR 10).
/// </summary>
public sealed class ReferencesOnlyReferralTests : IDisposable
{
    private const string ServiceRequestId = "b2c1e742-0c3d-4d86-a5f9-32e278c49466";
    private const string PatientId = "d30a9c0f-048e-47fa-88e9-6c2eb55c141d";
    private readonly ReferringEhr ehr = new();
    private readonly ReferralMessage thin = ReferralMessageReader.Read(FhirJson.Parse<Bundle>(Samples.Referral("08-prostate-thin-referral.json"))).Message!;

    public void Dispose() => ehr.Dispose();

    private BoneMetsHost Host() => new(settings: new Dictionary<string, string> { ["Partners:westbrook:BaseUrl"] = ehr.BaseUrl });

    private string PointerMessage(string typeAndId) =>
        FhirJson.Serialize(ReferralPointers.Message($"{ehr.BaseUrl}/{typeAndId}", null, DateTimeOffset.UtcNow, "https://interface.westbrook.example.org/fhir"));

    private void StubTheRecord()
    {
        var subject = new ResourceReference($"Patient/{PatientId}");
        ehr.WithReferralOf(thin)
            .Add(new Condition { Id = "ehr-bone-met", Subject = subject, Code = new CodeableConcept("http://hl7.org/fhir/sid/icd-10-cm", "C79.51") })
            .Add(new DiagnosticReport
            {
                Id = "ehr-ct", Status = DiagnosticReport.DiagnosticReportStatus.Final, Subject = subject,
                Category = [new CodeableConcept("http://loinc.org", "LP29684-5")], Code = new CodeableConcept("http://loinc.org", "24627-2"),
            })
            .Add(new ImagingStudy { Id = "ehr-study", Status = ImagingStudy.ImagingStudyStatus.Available, Subject = subject })
            .Add(new Observation
            {
                Id = "ehr-ecog", Status = ObservationStatus.Final, Subject = subject, Code = new CodeableConcept("http://loinc.org", "89247-1"),
                Effective = new FhirDateTime("2026-11-10"), Value = new Integer(1),
            });
    }

    [Fact]
    public async Task ReferencesOnly_FetchedAndGatheredInTwoRoundTrips_CompleteCaseUnderTheFullReferralsIds()
    {
        StubTheRecord();
        using var host = Host();

        using var response = await host.PostMessageAsync(PointerMessage($"ServiceRequest/{ServiceRequestId}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // The Task id is the one the full referral (sample 08) would get: identity comes from the ServiceRequest, not the path.
        var taskId = DeterministicId.For(thin.ReferralKey, "task");
        var task = await host.WaitForAsync<Hl7.Fhir.Model.Task>($"/fhir/Task/{taskId}");
        Assert.Equal($"ServiceRequest/{ServiceRequestId}", task.Focus.Reference);
        Assert.Equal(2, ehr.RoundTrips);
        Assert.Equal(
            ["GET /fhir/metadata", $"GET /fhir/ServiceRequest?_id={ServiceRequestId}&_include=ServiceRequest:subject", "POST /fhir"],
            ehr.Requests);

        var appointments = await host.GetAsync<Bundle>($"/fhir/Appointment?patient=Patient/{PatientId}");
        Assert.Single(appointments.Entry);
        var assessments = await host.GetAsync<Bundle>($"/fhir/RiskAssessment?patient=Patient/{PatientId}");
        Assert.Single(assessments.Entry);
        var documents = await host.GetAsync<Bundle>("/fhir/Bundle?_count=100");
        var document = documents.Entry.Select(e => e.Resource).OfType<Bundle>().Single(b => b.Type == Bundle.BundleType.Document);
        var inside = document.Entry.Select(e => $"{e.Resource.TypeName}/{e.Resource.Id}").ToList();
        Assert.Contains($"ServiceRequest/{ServiceRequestId}", inside);
        Assert.Contains($"Patient/{PatientId}", inside);
        Assert.Contains("Condition/ehr-bone-met", inside);
        Assert.Contains("DiagnosticReport/ehr-ct", inside);
        Assert.Contains("ImagingStudy/ehr-study", inside);
        Assert.Contains("Observation/ehr-ecog", inside);
    }

    [Fact]
    public async Task ReferencesOnly_ServiceRequestGone_ParkedAtOnceWithTheReason()
    {
        StubTheRecord();
        ehr.Remove($"ServiceRequest/{ServiceRequestId}");
        using var host = Host();

        using var response = await host.PostMessageAsync(PointerMessage($"ServiceRequest/{ServiceRequestId}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var inbox = host.Services.GetRequiredService<IReferralInbox>();
        IReadOnlyList<InboxItem> parked = [];
        for (var deadline = DateTime.UtcNow.AddSeconds(30); parked.Count == 0 && DateTime.UtcNow < deadline; await Task.Delay(50))
        {
            parked = await inbox.ListAsync(InboxStatus.Parked, CancellationToken.None);
        }

        var item = Assert.Single(parked);
        Assert.Equal(1, item.Attempts); // not retried: trying again cannot bring it back
        Assert.StartsWith("ReferralUnusableException: ", item.LastError, StringComparison.Ordinal);
        Assert.Contains($"{ehr.BaseUrl}/ServiceRequest/{ServiceRequestId}", item.LastError, StringComparison.Ordinal);
        Assert.Contains("gone", item.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReferencesOnly_UnknownBase_400NamingTheFocus()
    {
        using var host = Host();

        using var response = await host.PostMessageAsync(Samples.Referral("11-references-only-service-request.json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var outcome = Assert.IsType<Bundle>(await BoneMetsHost.ReadFhirAsync(response)).Entry.Select(e => e.Resource).OfType<OperationOutcome>().Single();
        Assert.Equal("Bundle.entry[0].resource.focus[0]", Assert.Single(outcome.Issue).Expression.Single());
        Assert.Empty(ehr.Requests);
    }
}
