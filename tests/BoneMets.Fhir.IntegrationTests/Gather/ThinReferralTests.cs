using System.Net;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Tests.Gather;
using Hl7.Fhir.Model;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.Gather;

/// <summary>The service, a thin referral, and the referrer's EHR on a stub: the case is completed from the EHR.</summary>
public sealed class ThinReferralTests : IDisposable
{
    private const string PatientId = "d30a9c0f-048e-47fa-88e9-6c2eb55c141d";
    private readonly WireMockServer ehr = WireMockServer.Start();

    public void Dispose() => ehr.Stop();

    private static string Json(Resource resource) => FhirJson.Serialize(resource);

    private void StubTheRecord()
    {
        var rest = new CapabilityStatement.RestComponent { Mode = CapabilityStatement.RestfulCapabilityMode.Server };
        rest.Interaction.Add(new CapabilityStatement.SystemInteractionComponent { Code = CapabilityStatement.SystemRestfulInteraction.Batch });
        foreach (var type in new[] { "Condition", "DiagnosticReport", "ImagingStudy", "Observation" })
        {
            rest.Resource.Add(new CapabilityStatement.ResourceComponent
            {
                Type = type,
                SearchParam = [.. new[] { "patient", "category", "code" }.Select(p => new CapabilityStatement.SearchParamComponent { Name = p, Type = SearchParamType.Token })],
                SearchInclude = type == "DiagnosticReport" ? ["DiagnosticReport:result"] : [],
            });
        }

        var statement = new CapabilityStatement
        {
            Status = PublicationStatus.Active, Kind = CapabilityStatementKind.Instance, FhirVersion = FHIRVersion.N4_0_1, Format = ["json"], Rest = [rest],
        };
        ehr.Given(Request.Create().WithPath("/fhir/metadata").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/fhir+json").WithBody(Json(statement)));

        var subject = new ResourceReference($"Patient/{PatientId}");
        Bundle Searchset(params Resource[] resources) => new()
        {
            Type = Bundle.BundleType.Searchset,
            Entry = [.. resources.Select(r => new Bundle.EntryComponent { Resource = r, Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match } })],
        };
        var answers = new Bundle
        {
            Type = Bundle.BundleType.BatchResponse,
            Entry =
            [
                .. new Resource[]
                {
                    Searchset(new Condition { Id = "ehr-bone-met", Subject = subject, Code = new CodeableConcept("http://hl7.org/fhir/sid/icd-10-cm", "C79.51") }),
                    Searchset(new DiagnosticReport
                    {
                        Id = "ehr-ct", Status = DiagnosticReport.DiagnosticReportStatus.Final, Subject = subject,
                        Category = [new CodeableConcept("http://loinc.org", "LP29684-5")], Code = new CodeableConcept("http://loinc.org", "24627-2"),
                    }),
                    Searchset(new ImagingStudy { Id = "ehr-study", Status = ImagingStudy.ImagingStudyStatus.Available, Subject = subject }),
                    Searchset(new Observation
                    {
                        Id = "ehr-ecog", Status = ObservationStatus.Final, Subject = subject, Code = new CodeableConcept("http://loinc.org", "89247-1"),
                        Effective = new FhirDateTime("2026-11-10"), Value = new Integer(1),
                    }),
                    Searchset(),
                }.Select(r => new Bundle.EntryComponent { Resource = r, Response = new Bundle.ResponseComponent { Status = "200 OK" } }),
            ],
        };
        ehr.Given(Request.Create().WithPath("/fhir").UsingPost())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/fhir+json").WithBody(Json(answers)));
    }

    [Fact]
    public async Task ThinReferral_GatheredFromTheEhrInOneBatch_CaseDocumentHoldsWhatWasFetched()
    {
        StubTheRecord();
        using var host = new BoneMetsHost(settings: new Dictionary<string, string>
        {
            ["Partners:westbrook:BaseUrl"] = ehr.Url + "/fhir",
            ["Partners:westbrook:SenderIdentifier"] = "http://hospital.example.org/organization|WCH",
        });

        using var response = await host.PostMessageAsync(Samples.Referral("08-prostate-thin-referral.json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var task = await host.WaitForAsync<Hl7.Fhir.Model.Task>("/fhir/" + BoneMetsHost.AnnouncedTask(Assert.IsType<Bundle>(await BoneMetsHost.ReadFhirAsync(response))));

        Assert.Equal(["GET /fhir/metadata", "POST /fhir"], ehr.LogEntries.OrderBy(e => e.RequestMessage.DateTime).Select(e => $"{e.RequestMessage.Method} {e.RequestMessage.Path}"));
        var documents = await host.GetAsync<Bundle>("/fhir/Bundle?_count=100");
        var document = documents.Entry.Select(e => e.Resource).OfType<Bundle>().Single(b => b.Type == Bundle.BundleType.Document);
        var inside = document.Entry.Select(e => $"{e.Resource.TypeName}/{e.Resource.Id}").ToList();
        Assert.Contains("Condition/ehr-bone-met", inside);
        Assert.Contains("ImagingStudy/ehr-study", inside);
        Assert.Contains("DiagnosticReport/ehr-ct", inside);
        Assert.Contains("Observation/ehr-ecog", inside);
        Assert.NotNull(task.Id);
    }

    /// <summary>
    /// The slow partner holds every request until the test opens its gate, with attempt and total timeouts of
    /// minutes, so only a second worker can explain the other partner's referral completing: its Task is written
    /// while the slow partner still holds the first referral's request. Then the slow partner answers and the
    /// first referral completes too.
    /// </summary>
    [Fact]
    public async Task SlowPartner_HoldsOnlyItsOwnReferral_AnotherPartnersReferralIsProcessedMeanwhile()
    {
        StubTheRecord();
        using var slow = WireMockServer.Start();
        using var held = new StubGate();
        slow.Given(Request.Create().UsingAnyMethod()).RespondWith(held.Hold(Response.Create().WithStatusCode(404)));
        using var host = new BoneMetsHost(settings: new Dictionary<string, string>
        {
            ["Partners:westbrook:BaseUrl"] = ehr.Url + "/fhir",
            ["Partners:westbrook:SenderIdentifier"] = "http://hospital.example.org/organization|WCH",
            ["Partners:riverside:BaseUrl"] = slow.Url + "/fhir",
            ["Partners:riverside:SenderIdentifier"] = "http://hospital.example.org/organization|ROI",
            ["Partners:riverside:Limits:AttemptTimeout"] = "00:05:00",
            ["Partners:riverside:Limits:TotalTimeout"] = "00:05:00",
        });

        using var first = await host.PostMessageAsync(Samples.Referral("02-prostate-thoracic-mscc.json"));
        await held.WaitForArrivalsAsync(1); // the slow partner's referral is claimed and waiting on its partner
        using var second = await host.PostMessageAsync(Samples.Referral("08-prostate-thin-referral.json"));
        await host.WaitForAsync<Hl7.Fhir.Model.Task>("/fhir/" + BoneMetsHost.AnnouncedTask(Assert.IsType<Bundle>(await BoneMetsHost.ReadFhirAsync(second))));

        var slowTask = "/fhir/" + BoneMetsHost.AnnouncedTask(Assert.IsType<Bundle>(await BoneMetsHost.ReadFhirAsync(first)));
        using (var pending = await host.CreateClient().GetAsync(new Uri(slowTask, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, pending.StatusCode); // still waiting on its partner
        }

        Assert.Empty(slow.LogEntries); // nothing answered yet: WireMock logs a request when it answers

        held.Open();
        await host.WaitForAsync<Hl7.Fhir.Model.Task>(slowTask);
    }
}
