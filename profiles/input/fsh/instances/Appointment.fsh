Instance: AppointmentExample
InstanceOf: BoneMetsAppointment
Title: "Proposed first visit (sample 10)"
Description: "In person, with the patient, orthopaedic oncology and the clinic, before the deadline."
Usage: #example
* id = "bm-ed2ba62f5853b88c9d6888dfadde3209"
* identifier[writeBack].system = "https://fhir.bonemets.org/identifier/write-back"
* identifier[writeBack].value = "bm-ed2ba62f5853b88c9d6888dfadde3209"
* status = #proposed
* serviceType = $visit-mode#in-person
* serviceType.text = "In-person visit"
* reasonReference = Reference(CaseDocument10Condition2)
* description = "Bone metastasis program consultation (in person)"
* created = "2025-11-21T18:34:26+00:00"
* basedOn = Reference(CaseDocument10ServiceRequest)
* participant[0].actor = Reference(CaseDocument10Patient)
* participant[=].required = #required
* participant[=].status = #needs-action
* participant[+].actor = Reference(HealthcareService/orthopaedic-oncology)
* participant[=].required = #required
* participant[=].status = #needs-action
* participant[+].actor = Reference(Location/bonemets-clinic)
* participant[=].required = #required
* participant[=].status = #needs-action
* requestedPeriod.start = "2025-11-21T18:34:26+00:00"
* requestedPeriod.end = "2025-11-28T18:34:26+00:00"
