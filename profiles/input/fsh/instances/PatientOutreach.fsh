Instance: PatientOutreachExample
InstanceOf: BoneMetsCommunicationRequest
Title: "Same-day patient outreach (sample 10)"
Description: "Contact the patient by the end of the arrival day."
Usage: #example
* id = "bm-de35320c747874526fe87bd9a9dc4fe9"
* identifier[writeBack].system = "https://fhir.bonemets.org/identifier/write-back"
* identifier[writeBack].value = "bm-de35320c747874526fe87bd9a9dc4fe9"
* basedOn[0] = Reference(CaseDocument10ServiceRequest)
* basedOn[+] = Reference(WriteBackTaskExample)
* status = #active
* category[notification] = $communication-category#notification
* category[notification].text = "Notification"
* priority = #routine
* subject = Reference(CaseDocument10Patient)
* payload.contentString = "Contact the patient today: introduce the program, confirm contact details and arrange the first visit."
* occurrencePeriod.start = "2025-11-21T18:34:26+00:00"
* occurrencePeriod.end = "2025-11-22T00:00:00+00:00"
* authoredOn = "2025-11-21T18:34:26+00:00"
* requester = Reference(CaseDocument10BonemetsProgram)
* recipient = Reference(CaseDocument10Patient)
* sender = Reference(CaseDocument10BonemetsProgram)
