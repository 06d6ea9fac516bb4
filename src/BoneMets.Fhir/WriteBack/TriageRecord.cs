using BoneMets.Fhir.Case;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.WriteBack;

/// <summary>
/// The triage decision as a RiskAssessment: the first prediction is the urgency (due by the deadline), one
/// prediction per routed team follows with the reasons that put it there; basis lists the evidence read.
/// </summary>
public static class TriageRecord
{
    public static RiskAssessment Build(ConsultCase consultCase, TriageDecision decision, string id, string method, DateTimeOffset now)
    {
        var predictions = new List<RiskAssessment.PredictionComponent>
        {
            new()
            {
                Outcome = new CodeableConcept(CodeSystems.TriageUrgency, decision.UrgencyCode, decision.Urgency.ToString()),
                When = FhirTime.Until(now, decision.DueBy),
                Rationale = string.Join(" ", decision.Reasons.Select(r => $"[{r.Rule}] {r.Text} ({r.Source})")),
            },
        };
        predictions.AddRange(decision.Routes.Select(route => new RiskAssessment.PredictionComponent
        {
            Outcome = new CodeableConcept(CodeSystems.CareTeam, route.Team, CareTeams.Display(route.Team)),
            Rationale = string.Join(" ", route.Reasons),
        }));

        var evidence = decision.Reasons.SelectMany(r => r.Evidence).Distinct()
            .Where(e => consultCase.Find(e) is not null).Select(e => new ResourceReference(e)).ToList();
        var assessment = new RiskAssessment
        {
            Id = id,
            Identifier = [new Identifier(CodeSystems.WriteBackIdentifier, id)],
            Status = ObservationStatus.Final,
            Code = new CodeableConcept(CodeSystems.Observation, ObservationCodes.TriageDecision, "Bone metastasis triage decision"),
            Method = new CodeableConcept { Text = method },
            Subject = new ResourceReference($"Patient/{consultCase.Patient.Id}"),
            BasedOn = new ResourceReference($"ServiceRequest/{consultCase.ServiceRequest.Id}"),
            Occurrence = new FhirDateTime(FhirTime.Of(now)),
            Performer = new ResourceReference(ProgramDirectory.DeviceReference),
            Basis = [.. evidence, .. decision.Observations.Select(o => new ResourceReference($"Observation/{o.Id}"))],
            Prediction = predictions,
        };
        if (decision.Missing.Count > 0)
        {
            assessment.Note = [new Annotation { Text = "Missing inputs: " + string.Join("; ", decision.Missing.Select(m => $"{m.What} ({m.Why})")) }];
        }

        return assessment;
    }
}
