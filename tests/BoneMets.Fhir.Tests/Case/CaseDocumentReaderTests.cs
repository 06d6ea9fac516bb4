using BoneMets.Fhir.Case;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.WriteBack;
using Hl7.Fhir.Model;
using static BoneMets.Fhir.Tests.Triage.Cases;

namespace BoneMets.Fhir.Tests.Case;

public class CaseDocumentReaderTests
{
    /// <summary>The case document the write-back produces for a sample, serialized and parsed back as a file would be.</summary>
    private static (ConsultCase Case, Bundle Document) Written(string sample)
    {
        var consultCase = Samples.Case(sample);
        var program = new ProgramOptions();
        var planner = new WriteBackPlanner(new CaseDocumentBuilder(program, new ProgramDirectory(program)));
        var engine = Engine();
        var plan = planner.Plan(consultCase, engine.Assess(consultCase, Now), "bundle|header", engine.Method, Now);
        return (consultCase, FhirJson.Parse<Bundle>(FhirJson.Serialize(plan.CaseDocument)));
    }

    [Theory]
    [InlineData("02-prostate-thoracic-mscc.json")]
    [InlineData("08-prostate-thin-referral.json")]
    [InlineData("10-renal-femur-shaft.json")]
    public void Read_WrittenCaseDocument_TriagesAsTheMessageDid(string sample)
    {
        var (original, document) = Written(sample);

        var read = CaseDocumentReader.Read(document);

        Assert.Empty(read.Issues);
        var consultCase = Assert.IsType<ConsultCase>(read.Case);
        Assert.Equal(original.ReferralKey, consultCase.ReferralKey);
        Assert.Equal(original.Patient.Id, consultCase.Patient.Id);
        Assert.Equal(original.ServiceRequest.Id, consultCase.ServiceRequest.Id);
        var before = Engine().Assess(original, Now);
        var after = Engine().Assess(consultCase, Now);
        Assert.Equal(before.Urgency, after.Urgency);
        Assert.Equal(before.Routes.Select(r => r.Team), after.Routes.Select(r => r.Team));
        Assert.Equal(before.Observations.Select(o => o.Id), after.Observations.Select(o => o.Id));
    }

    [Fact]
    public void Read_WrittenCaseDocument_LeavesThePreviousTriageOut()
    {
        var (_, document) = Written("01-breast-femur-impending-fracture.json");

        var consultCase = CaseDocumentReader.Read(document).Case!;

        Assert.DoesNotContain(consultCase.Resources, r => r is RiskAssessment);
        Assert.DoesNotContain(consultCase.Observations, o => o.Code.Coding[0].Code == ObservationCodes.Mirels);
        Assert.Single(consultCase.LesionFindings);
    }

    [Fact]
    public void Read_NotADocument_SaysWhere()
    {
        var read = CaseDocumentReader.Read(new Bundle { Type = Bundle.BundleType.Collection, Entry = [new() { Resource = new Patient() }] });

        Assert.Null(read.Case);
        Assert.Contains(read.Issues, i => i.Expression.Contains("Bundle.type"));
        Assert.Contains(read.Issues, i => i.Expression.Contains("Bundle.entry[0].resource"));
    }

    [Fact]
    public void Read_DocumentWithoutPatientOrReferral_IsRefused()
    {
        var document = new Bundle
        {
            Type = Bundle.BundleType.Document,
            Entry = [new() { Resource = new Composition { Subject = new ResourceReference("Patient/nobody") } }],
        };

        var read = CaseDocumentReader.Read(document);

        Assert.Null(read.Case);
        Assert.Contains(read.Issues, i => i.Code == OperationOutcome.IssueType.Required && i.Expression.Contains("Bundle.entry[0].resource.subject"));
        Assert.Contains(read.Issues, i => i.Code == OperationOutcome.IssueType.Required && i.Expression.Contains("Bundle.entry"));
    }

    [Fact]
    public void Read_EntriesWithoutIds_TakeTheirIdsFromUrnUuidFullUrls()
    {
        var patient = new Patient();
        var serviceRequest = new ServiceRequest { Status = RequestStatus.Active, Intent = RequestIntent.Order, Subject = new ResourceReference("urn:uuid:5b0c0d9e-0000-4000-8000-000000000001") };
        var document = new Bundle
        {
            Type = Bundle.BundleType.Document,
            Entry =
            [
                new() { Resource = new Composition { Subject = new ResourceReference("urn:uuid:5b0c0d9e-0000-4000-8000-000000000001") } },
                new() { FullUrl = "urn:uuid:5b0c0d9e-0000-4000-8000-000000000001", Resource = patient },
                new() { FullUrl = "urn:uuid:5b0c0d9e-0000-4000-8000-000000000002", Resource = serviceRequest },
            ],
        };

        var consultCase = CaseDocumentReader.Read(document).Case!;

        Assert.Equal("5b0c0d9e-0000-4000-8000-000000000001", consultCase.Patient.Id);
        Assert.Equal("ServiceRequest/5b0c0d9e-0000-4000-8000-000000000002", consultCase.ReferralKey);
        Assert.Null(patient.Id); // the Bundle is not changed
    }
}
