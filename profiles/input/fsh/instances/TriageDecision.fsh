Instance: TriageDecisionExample
InstanceOf: BoneMetsTriageDecision
Title: "Triage decision (sample 10)"
Description: "Routine, routed to orthopaedic oncology."
Usage: #example
* id = "bm-d86b6137bc74c80c63fffe8e95271f9e"
* identifier[writeBack].system = "https://fhir.bonemets.org/identifier/write-back"
* identifier[writeBack].value = "bm-d86b6137bc74c80c63fffe8e95271f9e"
* basedOn = Reference(CaseDocument10ServiceRequest)
* status = #final
* method.text = "BoneMets red-flag triage 1.0 (MSCC red flags, corrected calcium)"
* code = $bonemets-observation#triage-decision
* code.text = "Bone metastasis triage decision"
* subject = Reference(CaseDocument10Patient)
* occurrenceDateTime = "2025-11-21T18:34:26+00:00"
* performer = Reference(CaseDocument10BonemetsFhir)
* basis = Reference(CaseDocument10Observation1)
* prediction[urgency].outcome = $triage-urgency#routine
* prediction[urgency].outcome.text = "Routine"
* prediction[urgency].whenPeriod.start = "2025-11-21T18:34:26+00:00"
* prediction[urgency].whenPeriod.end = "2025-11-28T18:34:26+00:00"
* prediction[urgency].rationale = "[site-long-bone] Long-bone metastasis: orthopaedic oncology assessment. (program routing policy)"
* prediction[team].outcome = $care-team#orthopaedic-oncology
* prediction[team].outcome.text = "Orthopaedic oncology"
* prediction[team].rationale = "Long-bone metastasis: orthopaedic oncology assessment."
