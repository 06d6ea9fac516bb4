using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Triage;
using BoneMets.Fhir.WriteBack;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Tests.WriteBack;

public class TriageRecordTests
{
    private const string Urgency = "https://fhir.bonemets.org/CodeSystem/triage-urgency";
    private const string CareTeam = "https://fhir.bonemets.org/CodeSystem/care-team";

    [Theory]
    [InlineData("02", "emergency", "neurosurgical-spine radiation-oncology")]
    [InlineData("05", "urgent", "medical-oncology")]
    [InlineData("08", "routine", "orthopaedic-oncology")]
    public async Task Build_Sample_UrgencyFirstThenOnePredictionPerTeam(string number, string urgency, string teams)
    {
        var (_, consultCase, decision, plan) = await Stages.PlanAsync(number);

        var record = plan.TriageRecord;
        Assert.Equal([(Urgency, urgency), .. teams.Split(' ').Select(t => (CareTeam, t))],
            record.Prediction.Select(p => (p.Outcome?.Coding.Single().System, p.Outcome?.Coding.Single().Code)));
        Assert.Equal(FhirTime.Until(Stages.Now, decision.DueBy).End, Assert.IsType<Period>(record.Prediction[0].When).End);
        Assert.Equal($"Patient/{consultCase.Patient.Id}", record.Subject?.Reference);
        Assert.Equal($"ServiceRequest/{consultCase.ServiceRequest.Id}", record.BasedOn?.Reference);
        Assert.Equal("Device/bonemets-fhir", record.Performer?.Reference);
        Assert.Equal(DeterministicId.For(consultCase.ReferralKey, "triage"), record.Id);
        Assert.Equal(ObservationStatus.Final, record.Status);
    }

    [Fact]
    public async Task Build_Sample07_BasisIsTheEvidenceAndRationaleNamesTheRule()
    {
        var record = (await Stages.PlanAsync("07")).Plan.TriageRecord;

        // The evidence the hypercalcaemia rule read (calcium, albumin, confusion) comes first, then the score Observations.
        Assert.Equal(
            ["Observation/2435a5df-64c5-42b6-b653-66f1dfaf2658", "Observation/37ba3ab3-f1a9-4db9-bf6f-e2de912514aa", "Observation/d3cf38ed-da1f-43df-9035-7d2c156d7ec5"],
            record.Basis.Select(b => b.Reference).Take(3));
        Assert.Contains(record.Basis, b => b.Reference!.StartsWith("Observation/bm-", StringComparison.Ordinal));
        Assert.Contains("Corrected calcium 14.63 mg/dL", record.Prediction[0].Rationale, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_MissingInputs_ListedInANote()
    {
        var record = (await Stages.PlanAsync("08")).Plan.TriageRecord;

        var note = record.Note.Single().Text;
        Assert.StartsWith("Missing inputs: ", note, StringComparison.Ordinal);
        Assert.Contains("Serum calcium and albumin (", note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_EvidenceOutsideTheCase_LeftOutOfBasis_ScoreObservationsAdded()
    {
        var consultCase = await Stages.CaseAsync("04");
        var lesion = consultCase.LesionFindings.Single();
        var score = new Observation { Id = "score-1", Status = ObservationStatus.Final, Code = new CodeableConcept("http://example.org", "s") };
        var decision = new TriageDecision(BoneMets.Fhir.Triage.Urgency.Urgent, Stages.Now.AddDays(2), Stages.Now.AddHours(14),
            [new TeamRoute("orthopaedic-oncology", ["r"])],
            [new TriageReason("rule", "text", "source", [$"Observation/{lesion.Id}", "Observation/not-in-case"])],
            [], [score]);

        var record = TriageRecord.Build(consultCase, decision, "tr", "method 1", Stages.Now);

        Assert.Equal([$"Observation/{lesion.Id}", "Observation/score-1"], record.Basis.Select(b => b.Reference));
        Assert.Equal("method 1", record.Method?.Text);
        Assert.Equal("[rule] text (source)", record.Prediction[0].Rationale);
        Assert.Equal("r", record.Prediction[1].Rationale);
    }
}
