Profile: BoneMetsTriageDecision
Parent: RiskAssessment
Id: bonemets-triage-decision
Title: "Triage decision"
Description: "The program's triage decision as a RiskAssessment: the first prediction is the urgency (triage-urgency), due by the end of whenPeriod, with the rules that decided it as rationale; one prediction per routed team (care-team) follows with the reasons that put it there. basis lists the evidence read and the score Observations; note lists the missing inputs. method names the triage version."
* obeys bm-triage-1
* identifier 1..* MS
* identifier ^slicing.discriminator.type = #pattern
* identifier ^slicing.discriminator.path = "system"
* identifier ^slicing.rules = #open
* identifier contains writeBack 1..1 MS
* identifier[writeBack].system = "https://fhir.bonemets.org/identifier/write-back"
* identifier[writeBack].value 1..1 MS
* basedOn 1..1 MS
* basedOn only Reference(ServiceRequest)
* status MS
* method 1..1 MS
* code 1..1 MS
* code = BoneMetsObservationCS#triage-decision
* subject MS
* subject only Reference(Patient)
* occurrence[x] 1..1 MS
* occurrence[x] only dateTime
* performer 1..1 MS
* performer only Reference(Device)
* basis MS
* prediction 1..* MS
* prediction ^slicing.discriminator.type = #pattern
* prediction ^slicing.discriminator.path = "outcome"
* prediction ^slicing.rules = #open
* prediction ^slicing.ordered = true
* prediction ^slicing.description = "The urgency first, then one prediction per routed team"
* prediction contains urgency 1..1 MS and team 0..* MS
* prediction[urgency].outcome 1..1 MS
* prediction[urgency].outcome ^patternCodeableConcept.coding[0].system = "https://fhir.bonemets.org/CodeSystem/triage-urgency"
* prediction[urgency].outcome from TriageUrgencyVS (required)
* prediction[urgency].when[x] 1..1 MS
* prediction[urgency].when[x] only Period
* prediction[urgency].whenPeriod.end 1..1 MS
* prediction[urgency].whenPeriod.end ^short = "The deadline: the patient is seen by then"
* prediction[urgency].rationale 1..1 MS
* prediction[team].outcome 1..1 MS
* prediction[team].outcome ^patternCodeableConcept.coding[0].system = "https://fhir.bonemets.org/CodeSystem/care-team"
* prediction[team].outcome from CareTeamVS (required)
* prediction[team].rationale MS
* note MS
* note ^short = "Missing inputs that could change the urgency or the routing"

Invariant: bm-triage-1
Description: "The first prediction is the urgency."
Expression: "prediction.first().outcome.coding.where(system = 'https://fhir.bonemets.org/CodeSystem/triage-urgency').exists()"
Severity: #error
