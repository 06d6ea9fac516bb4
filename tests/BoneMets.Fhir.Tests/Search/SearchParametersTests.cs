using BoneMets.Fhir.Search;
using Hl7.Fhir.Model;
using FhirTask = Hl7.Fhir.Model.Task;

namespace BoneMets.Fhir.Tests.Search;

public class SearchParametersTests
{
    [Theory]
    [InlineData(FhirTask.TaskStatus.Accepted, "accepted")]
    [InlineData(FhirTask.TaskStatus.InProgress, "in-progress")]
    [InlineData(FhirTask.TaskStatus.OnHold, "on-hold")]
    [InlineData(FhirTask.TaskStatus.EnteredInError, "entered-in-error")]
    public void Extract_TaskStatus_IndexedAsTheFhirLiteral(FhirTask.TaskStatus status, string literal)
    {
        var task = new FhirTask { Id = "t", Status = status, Intent = FhirTask.TaskIntent.Order };

        Assert.Equal(new IndexValue("status", null, literal), Assert.Single(SearchParameters.Extract(task), v => v.Param == "status"));
    }

    [Fact]
    public void Extract_Task_EveryParameterWithSystemsAndLocalReferences()
    {
        var task = new FhirTask
        {
            Id = "t",
            Status = FhirTask.TaskStatus.Accepted,
            Intent = FhirTask.TaskIntent.Order,
            Identifier = [new Identifier("http://example.org/ids", "abc"), new Identifier("http://example.org/ids", null)],
            BusinessStatus = new CodeableConcept("http://hl7.org/fhir/us/bser/CodeSystem/TaskBusinessStatusCS", "3.0"),
            Focus = new ResourceReference("http://ehr.example.org/fhir/ServiceRequest/sr1/_history/2"),
            For = new ResourceReference("Patient/p1"),
            Owner = new ResourceReference("Organization/o1"),
            Requester = new ResourceReference("PractitionerRole/r1"),
            BasedOn = [new ResourceReference("ServiceRequest/sr0"), new ResourceReference { Display = "no literal reference" }],
        };

        Assert.Equal(
            [
                new("focus", null, "ServiceRequest/sr1"),
                new("identifier", "http://example.org/ids", "abc"),
                new("status", null, "accepted"),
                new("business-status", "http://hl7.org/fhir/us/bser/CodeSystem/TaskBusinessStatusCS", "3.0"),
                new("patient", null, "Patient/p1"),
                new("owner", null, "Organization/o1"),
                new("requester", null, "PractitionerRole/r1"),
                new("based-on", null, "ServiceRequest/sr0"),
            ],
            SearchParameters.Extract(task));
    }

    [Fact]
    public void Extract_Appointment_PatientOnlyForPatientActorsActorForAll()
    {
        var appointment = new Appointment
        {
            Id = "a",
            Status = Appointment.AppointmentStatus.Proposed,
            Participant =
            [
                new() { Actor = new ResourceReference("Patient/p1") },
                new() { Actor = new ResourceReference("HealthcareService/medical-oncology") },
                new() { Actor = new ResourceReference("Location/bonemets-clinic") },
            ],
        };

        var values = SearchParameters.Extract(appointment);

        Assert.Equal(["Patient/p1"], values.Where(v => v.Param == "patient").Select(v => v.Value));
        Assert.Equal(3, values.Count(v => v.Param == "actor"));
        Assert.Contains(new IndexValue("status", null, "proposed"), values);
    }

    [Fact]
    public void Extract_CodeableConceptWithSeveralCodings_OneValuePerCoding()
    {
        var condition = new Condition
        {
            Id = "c",
            Code = new CodeableConcept { Coding = [new("http://hl7.org/fhir/sid/icd-10-cm", "C79.51"), new("http://snomed.info/sct", "94222008"), new() { Display = "no code" }] },
            Subject = new ResourceReference("Patient/p1"),
        };

        Assert.Equal(
            [new("patient", null, "Patient/p1"), new("code", "http://hl7.org/fhir/sid/icd-10-cm", "C79.51"), new("code", "http://snomed.info/sct", "94222008")],
            SearchParameters.Extract(condition));
    }

    [Fact]
    public void Extract_TypeWithoutParameters_Nothing()
    {
        Assert.Empty(SearchParameters.Extract(new Practitioner { Id = "x", Active = true }));
    }

    [Fact]
    public async System.Threading.Tasks.Task Extract_PlannedWriteBackTask_IndexedForTheReferrersSearches()
    {
        var planned = await Stages.PlanAsync("01");

        var values = SearchParameters.Extract(planned.Plan.Task);

        Assert.Contains(new IndexValue("status", null, "accepted"), values);
        Assert.Contains(new IndexValue("business-status", "http://hl7.org/fhir/us/bser/CodeSystem/TaskBusinessStatusCS", "3.0"), values);
        Assert.Contains(new IndexValue("focus", null, "ServiceRequest/fe57d3bd-b0ac-44dd-aeb2-5308cf65cc07"), values);
        Assert.Contains(new IndexValue("owner", null, "Organization/bonemets-program"), values);
    }

    [Theory]
    [InlineData("Task/1", "Task/1")]
    [InlineData("http://ehr.example.org/fhir/Task/1", "Task/1")]
    [InlineData("https://ehr.example.org/fhir/Task/1/_history/4", "Task/1")]
    [InlineData("Task/1/_history/4", "Task/1")]
    [InlineData("urn:uuid:6f1c2d3e-0000-4000-8000-000000000001", "urn:uuid:6f1c2d3e-0000-4000-8000-000000000001")]
    [InlineData("1", "1")]
    public void Normalize_Reference_LastTypeAndId(string reference, string expected)
    {
        Assert.Equal(expected, ReferenceValue.Normalize(reference));
    }

    [Fact]
    public void Find_KnownAndUnknown_DefinitionOrNull()
    {
        var status = SearchParameters.Find("Task", "status");

        Assert.Equal(("Task.status", IndexKind.Token), (status?.Expression, status?.Type));
        Assert.Equal("http://hl7.org/fhir/SearchParameter/Task-status", status?.Definition);
        Assert.Null(SearchParameters.Find("Task", "colour"));
        Assert.Null(SearchParameters.Find("Practitioner", "status"));
        Assert.Equal("Patient", SearchParameters.Find("Appointment", "patient")?.TargetType);
    }

    [Theory]
    [InlineData("Task", "patient", "Task.for", "Patient", "http://hl7.org/fhir/SearchParameter/Task-patient")]
    [InlineData("Appointment", "patient", "Appointment.participant.actor", "Patient", "http://hl7.org/fhir/SearchParameter/Appointment-patient")]
    [InlineData("Observation", "patient", "Observation.subject", "Patient", "http://hl7.org/fhir/SearchParameter/clinical-patient")]
    [InlineData("Condition", "code", "Condition.code", null, "http://hl7.org/fhir/SearchParameter/clinical-code")]
    [InlineData("ServiceRequest", "identifier", "ServiceRequest.identifier", null, "http://hl7.org/fhir/SearchParameter/clinical-identifier")]
    [InlineData("Task", "business-status", "Task.businessStatus", null, "http://hl7.org/fhir/SearchParameter/Task-business-status")]
    public void Find_SharedAndResolveFilteredParameters_ThisResourcesBranchOfFirelysDefinition(string resource, string name, string expression, string? target, string url)
    {
        var definition = SearchParameters.Find(resource, name);

        Assert.Equal((expression, target, url), (definition?.Expression, definition?.TargetType, definition?.Definition));
    }

    [Fact]
    public void All_EveryServedParameter_NamedTypedAndDefinedAsFirelysR4List()
    {
        foreach (var served in SearchParameters.All)
        {
            var spec = Assert.Single(ModelInfo.SearchParameters, p => p.Resource == served.Resource && p.Name == served.Name);
            Assert.Equal(spec.Url, served.Definition);
            Assert.Equal(spec.Type.ToString(), served.Type.ToString());
            Assert.Contains(served.Expression, spec.Expression, StringComparison.Ordinal);
        }

        Assert.Equal(32, SearchParameters.All.Count);
    }

    [Fact]
    public void FromFirely_ParameterR4DoesNotDefineOrTheIndexCannotHold_Refused()
    {
        Assert.Throws<InvalidOperationException>(() => SearchParameters.FromFirely("Task", "colour"));
        Assert.Throws<InvalidOperationException>(() => SearchParameters.FromFirely("Task", "modified"));
    }
}
