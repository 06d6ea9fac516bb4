// A score that cannot be computed says why: no total, a dataAbsentReason, the missing inputs in note,
// and the Condition it did read in the workflow-supportingInfo extension.
Instance: TokuhashiScoreMissingExample
InstanceOf: BoneMetsScoreObservation
Title: "Revised Tokuhashi score not computed (sample 08)"
Description: "The thin referral carries the primary cancer only: the score has no total and lists what it lacks."
Usage: #example
* id = "tokuhashi-score-missing-example"
* extension[supportingInfo].valueReference = Reference(Message08Condition)
* status = #final
* category[survey] = $observation-category#survey "Survey"
* code = BoneMetsObservationCS#tokuhashi-revised-score "Revised Tokuhashi score"
* subject = Reference(Message08Patient)
* effectiveDateTime = "2025-11-17T21:58:48+00:00"
* performer = Reference(Organization/bonemets-program)
* device = Reference(Device/bonemets-fhir)
* dataAbsentReason = http://terminology.hl7.org/CodeSystem/data-absent-reason#temp-unknown "Temporarily Unknown"
* dataAbsentReason.text = "Inputs missing (asked for); a score is never computed from partial inputs"
* method.text = "Tokuhashi revised 2005 (Tokuhashi Y et al. Spine 2005;30(19):2186-2191)"
* note.text = "Missing: karnofsky-performance-status, extraspinal-bone-metastases, vertebral-body-metastases, visceral-metastases, frankel-grade."
