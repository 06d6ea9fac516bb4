using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Triage;
using Hl7.Fhir.Model;
using Hl7.Fhir.Validation;
using FhirTask = Hl7.Fhir.Model.Task;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Tests.WriteBack;

public class WriteBackPlannerTests
{
    private const string Bser = "http://hl7.org/fhir/us/bser/CodeSystem/TaskBusinessStatusCS";

    [Theory]
    [MemberData(nameof(Samples.ReferralData), MemberType = typeof(Samples))]
    public async Task Plan_Sample_TaskIsAnAcceptedBserReferralTask(string name)
    {
        var (message, consultCase, decision, plan) = await Stages.PlanAsync(name);

        var task = plan.Task;
        Assert.Equal(("http://hl7.org/fhir/CodeSystem/task-code", "fulfill"), (task.Code?.Coding.Single().System, task.Code?.Coding.Single().Code));
        Assert.Equal($"ServiceRequest/{consultCase.ServiceRequest.Id}", task.Focus?.Reference);
        Assert.Equal($"Patient/{consultCase.Patient.Id}", task.For?.Reference);
        Assert.Equal(FhirTask.TaskStatus.Accepted, task.Status);
        Assert.Equal((Bser, "3.0"), (task.BusinessStatus?.Coding.Single().System, task.BusinessStatus?.Coding.Single().Code));
        Assert.Equal("Organization/bonemets-program", task.Owner?.Reference);
        Assert.Equal(FhirTime.Of(decision.DueBy), task.Restriction?.Period?.End);
        Assert.Equal($"RiskAssessment/{plan.TriageRecord.Id}", (task.Output.Single().Value as ResourceReference)?.Reference);
        Assert.Equal(message.ReferralTask?.Id ?? DeterministicId.For(message.ReferralKey, "task"), task.Id);
    }

    [Theory]
    [InlineData("02", RequestPriority.Stat)]
    [InlineData("07", RequestPriority.Stat)]
    [InlineData("05", RequestPriority.Urgent)]
    [InlineData("06", RequestPriority.Urgent)]
    [InlineData("04", RequestPriority.Routine)]
    [InlineData("08", RequestPriority.Routine)]
    public async Task Plan_Sample_PriorityFollowsUrgency(string number, RequestPriority priority)
    {
        var plan = (await Stages.PlanAsync(number)).Plan;

        Assert.Equal(priority, plan.Task.Priority);
        Assert.All(plan.Produced.OfType<CommunicationRequest>(), c => Assert.Equal(priority, c.Priority));
    }

    [Theory]
    [InlineData(Urgency.Emergency, RequestPriority.Stat)]
    [InlineData(Urgency.Urgent, RequestPriority.Urgent)]
    [InlineData(Urgency.Routine, RequestPriority.Routine)]
    public void Priority_Urgency_TaskPriority(Urgency urgency, RequestPriority expected)
    {
        Assert.Equal(expected, BoneMets.Fhir.WriteBack.WriteBackPlanner.Priority(urgency));
    }

    [Theory]
    [MemberData(nameof(Samples.ReferralData), MemberType = typeof(Samples))]
    public async Task Plan_Sample_AcknowledgementOutreachAndOneRequestPerMissingInput(string name)
    {
        var (_, consultCase, decision, plan) = await Stages.PlanAsync(name);
        var basedOn = new[] { $"ServiceRequest/{consultCase.ServiceRequest.Id}", $"Task/{plan.Task.Id}" };

        Assert.Equal([consultCase.ServiceRequest.Requester?.Reference], plan.Acknowledgement.Recipient.Select(r => r.Reference));
        Assert.StartsWith("PractitionerRole/", plan.Acknowledgement.Recipient.Single().Reference, StringComparison.Ordinal);
        Assert.Equal([$"Patient/{consultCase.Patient.Id}"], plan.Outreach.Recipient.Select(r => r.Reference));
        Assert.Equal(FhirTime.Of(decision.OutreachBy), Assert.IsType<Period>(plan.Outreach.Occurrence).End);
        Assert.Equal(decision.Missing.Count, plan.InformationRequests.Count);
        Assert.All(plan.InformationRequests, r => Assert.Equal(FhirTime.Of(decision.DueBy), Assert.IsType<Period>(r.Occurrence).End));
        Assert.All(plan.Produced.OfType<CommunicationRequest>(), c =>
        {
            Assert.Equal(basedOn, c.BasedOn.Select(b => b.Reference));
            Assert.Equal(RequestStatus.Active, c.Status);
        });
    }

    [Fact]
    public async Task Plan_ThinReferral_AsksTheReferrerForCalcium()
    {
        var plan = (await Stages.PlanAsync("08")).Plan;

        // One request per missing input that could change urgency or routing (imaging, neurology, calcium).
        var request = Assert.Single(plan.InformationRequests,
            r => ((FhirString)r.Payload.Single().Content).Value.StartsWith("Please send: Serum calcium and albumin", StringComparison.Ordinal));
        Assert.Equal(plan.Acknowledgement.Recipient.Single().Reference, request.Recipient.Single().Reference);
    }

    [Theory]
    [InlineData("02", "HealthcareService/neurosurgical-spine HealthcareService/radiation-oncology", "Location/bonemets-clinic")]
    [InlineData("04", "HealthcareService/radiation-oncology", "Location/bonemets-virtual")] // Mirels 5 (≤ 7)
    [InlineData("06", "HealthcareService/neurosurgical-spine HealthcareService/radiation-oncology", "Location/bonemets-virtual")] // spinal pain; NOMS radiosurgery
    [InlineData("07", "HealthcareService/medical-oncology", "Location/bonemets-clinic")]
    [InlineData("08", "HealthcareService/orthopaedic-oncology", "Location/bonemets-clinic")]
    public async Task Plan_Sample_ProposedAppointmentWithPatientTeamsAndPlace(string number, string teams, string location)
    {
        var (_, consultCase, decision, plan) = await Stages.PlanAsync(number);

        var appointment = plan.Appointment;
        Assert.Equal(Appointment.AppointmentStatus.Proposed, appointment.Status);
        Assert.Equal(FhirTime.Of(decision.DueBy), appointment.RequestedPeriod.Single().End);
        Assert.Equal([$"Patient/{consultCase.Patient.Id}", .. teams.Split(' '), location], appointment.Participant.Select(p => p.Actor?.Reference));
        Assert.Equal([$"ServiceRequest/{consultCase.ServiceRequest.Id}"], appointment.BasedOn.Select(b => b.Reference));
    }

    [Theory]
    [MemberData(nameof(Samples.ReferralData), MemberType = typeof(Samples))]
    public async Task Plan_Sample_ProvenanceTargetsEverythingProducedByTheService(string name)
    {
        var (message, _, _, plan) = await Stages.PlanAsync(name);

        var produced = plan.Produced.Where(r => r is not Provenance).Select(r => $"{r.TypeName}/{r.Id}");
        Assert.Equal(produced.Order(StringComparer.Ordinal), plan.Provenance.Target.Select(t => t.Reference).Order(StringComparer.Ordinal));
        Assert.Equal("Device/bonemets-fhir", plan.Provenance.Agent.Single().Who?.Reference);
        Assert.Equal($"MessageHeader/{message.HeaderId}", plan.Provenance.Entity.Single().What?.Reference);
        Assert.Equal(DeterministicId.For($"{message.BundleId}|{message.HeaderId}", "provenance"), plan.Provenance.Id);
    }

    [Theory]
    [MemberData(nameof(Samples.ReferralData), MemberType = typeof(Samples))]
    public async Task Plan_SameCaseTwice_SameIdsAndContent(string name)
    {
        var first = (await Stages.PlanAsync(name)).Plan;
        var second = (await Stages.PlanAsync(name)).Plan;

        Assert.Equal(first.Produced.Select(r => $"{r.TypeName}/{r.Id}"), second.Produced.Select(r => $"{r.TypeName}/{r.Id}"));
        Assert.Equal(first.Produced.Select(FhirJson.Serialize), second.Produced.Select(FhirJson.Serialize));
        Assert.Equal(first.Produced.Count, first.Produced.Select(r => $"{r.TypeName}/{r.Id}").Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Samples.ReferralData), MemberType = typeof(Samples))]
    public async Task Plan_Sample_EveryProducedResourcePassesFirelyValidation(string name)
    {
        var plan = (await Stages.PlanAsync(name)).Plan;

        Assert.All(plan.Produced, resource =>
        {
            var errors = resource.Validate(NarrativeValidationKind.FhirXhtml);
            Assert.True(errors.Count == 0, $"{resource.TypeName}/{resource.Id}: {string.Join("; ", errors.Select(e => e.Message))}");
        });
    }

    [Fact]
    public async Task Plan_ReceivedResources_CarriedUnchangedAlongside()
    {
        var (_, consultCase, _, plan) = await Stages.PlanAsync("01");

        Assert.Same(consultCase.Resources, plan.Received);
        // The placer's Task is superseded by the accepted one: written once per transaction, not twice.
        Assert.Equal(plan.Received.Count + plan.Produced.Count - 1, plan.All.Count);
        Assert.Single(plan.All, r => r is FhirTask && r.Id == plan.Task.Id);
        Assert.Same(plan.Task, plan.All.Single(r => r is FhirTask));
        Assert.Equal(FhirTask.TaskStatus.Requested, consultCase.ReferralTask?.Status); // the write-back Task is a copy
    }

    [Fact]
    public async Task Plan_NoRuleRouted_TaskAndCaseDocumentSayTheDefaultTeamIsAProgramDefault()
    {
        // Sample 08 is the thin referral: no rule routes it, so Triage:DefaultTeam (orthopaedic oncology) takes it.
        var (_, _, decision, plan) = await Stages.PlanAsync("08-prostate-thin-referral.json");

        Assert.True(decision.RoutedByDefault);
        var note = Assert.Single(plan.Task.Note, n => n.Text?.StartsWith("No triage rule routed", StringComparison.Ordinal) == true);
        Assert.StartsWith("No triage rule routed this referral to a team: the program's default team (Orthopaedic", note.Text, StringComparison.Ordinal);
        Assert.EndsWith("not a clinical decision.", note.Text, StringComparison.Ordinal);
        var composition = Assert.IsType<Composition>(plan.CaseDocument.Entry[0].Resource);
        var triage = composition.Section.Single(s => s.Code?.Coding.Single().Code == "triage");
        Assert.Contains("not a clinical decision", triage.Text?.Div, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_RoutedByARule_NoDefaultTeamStatement()
    {
        var (_, _, decision, plan) = await Stages.PlanAsync("10-renal-femur-shaft.json");

        Assert.False(decision.RoutedByDefault);
        Assert.DoesNotContain(plan.Task.Note, n => n.Text?.Contains("default team", StringComparison.Ordinal) == true);
        var composition = Assert.IsType<Composition>(plan.CaseDocument.Entry[0].Resource);
        Assert.Null(composition.Section.Single(s => s.Code?.Coding.Single().Code == "triage").Text);
    }

    [Fact]
    public async Task Plan_ReceivedBeforeTriage_ClocksStartAtReceipt()
    {
        // Received on Friday evening, triaged on Monday morning after a pause: the clocks count from Friday.
        var received = new DateTimeOffset(2026, 11, 13, 19, 0, 0, TimeSpan.Zero);
        var consultCase = (await Stages.CaseAsync("04")) with { ReceivedAt = received };
        var decision = Stages.Triage().Assess(consultCase, Stages.Now);

        var plan = Stages.Planner().Plan(consultCase, decision, "message", "method", Stages.Now);

        Assert.Equal(received.AddDays(7), decision.DueBy);
        Assert.Equal(new DateTimeOffset(2026, 11, 14, 0, 0, 0, TimeSpan.Zero), decision.OutreachBy);
        Assert.Equal((FhirTime.Of(received), FhirTime.Of(received.AddDays(7))), (plan.Task.Restriction?.Period?.Start, plan.Task.Restriction?.Period?.End));
        Assert.Equal(FhirTime.Of(received), ((Period)plan.Outreach.Occurrence).Start);
        Assert.Equal(FhirTime.Of(Stages.Now), plan.Task.LastModified); // the change itself is dated when it was made
    }
}
