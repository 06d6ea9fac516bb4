Instance: WriteBackTaskExample
InstanceOf: BoneMetsWriteBackTask
Title: "Referral Task as written back (sample 10)"
Description: "The placer's Task of sample 10 after triage: accepted, businessStatus 3.0, owner the program, priority and deadline, filler identifier, triage result as output."
Usage: #example
* id = "12f26f3b-472e-45d7-9dd8-005cb793eb00"
* identifier[placer].type = $v2-0203#PLAC "Placer Identifier"
* identifier[placer].system = "https://fhir.lakeshore.example.org/identifier/referral-task"
* identifier[placer].value = "LCC-T-30618"
* identifier[filler].type = $v2-0203#FILL
* identifier[filler].type.text = "Filler Identifier"
* identifier[filler].system = "https://fhir.bonemets.org/identifier/referral"
* identifier[filler].value = "bm-1952321b805ef1361f05bd4790c370b8"
* status = #accepted
* businessStatus = $bser-business-status#3.0
* businessStatus.text = "Service Request Accepted"
* intent = #order
* priority = #routine
* code = $task-code#fulfill "Fulfill the focal request"
* focus = Reference(CaseDocument10ServiceRequest)
* for = Reference(CaseDocument10Patient)
* authoredOn = "2025-11-21T13:30:00-05:00"
* lastModified = "2025-11-21T18:34:26+00:00"
* requester = Reference(CaseDocument10PractitionerRole)
* owner = Reference(CaseDocument10BonemetsProgram)
* restriction.period.start = "2025-11-21T18:34:26+00:00"
* restriction.period.end = "2025-11-28T18:34:26+00:00"
* output.type.text = "Triage result"
* output.valueReference = Reference(TriageDecisionExample)
