Instance: AcknowledgementExample
InstanceOf: BoneMetsCommunicationRequest
Title: "Acknowledgement to the referring team (sample 10)"
Description: "Urgency, deadline, teams and reasons, to the requester."
Usage: #example
* id = "bm-1b49df9f710a15dcb7393ae623639724"
* identifier[writeBack].system = "https://fhir.bonemets.org/identifier/write-back"
* identifier[writeBack].value = "bm-1b49df9f710a15dcb7393ae623639724"
* basedOn[0] = Reference(CaseDocument10ServiceRequest)
* basedOn[+] = Reference(WriteBackTaskExample)
* status = #active
* category[notification] = $communication-category#notification
* category[notification].text = "Notification"
* priority = #routine
* subject = Reference(CaseDocument10Patient)
* payload.contentString = "Referral received by the bone metastasis program. Urgency: routine; to be seen by 2025-11-28T18:34:26+00:00. Teams: Orthopaedic oncology. Reasons: Long-bone metastasis: orthopaedic oncology assessment."
* occurrenceDateTime = "2025-11-21T18:34:26+00:00"
* authoredOn = "2025-11-21T18:34:26+00:00"
* requester = Reference(CaseDocument10BonemetsProgram)
* recipient = Reference(CaseDocument10PractitionerRole)
* sender = Reference(CaseDocument10BonemetsProgram)
