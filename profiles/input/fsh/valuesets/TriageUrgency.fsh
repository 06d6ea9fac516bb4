ValueSet: TriageUrgencyVS
Id: triage-urgency
Title: "Triage urgencies"
Description: "All codes of https://fhir.bonemets.org/CodeSystem/triage-urgency."
* ^experimental = false
* include codes from system TriageUrgencyCS
