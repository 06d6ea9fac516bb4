Instance: InformationRequestExample
InstanceOf: BoneMetsCommunicationRequest
Title: "Request for a missing input (sample 08)"
Description: "The thin referral lacks calcium and albumin: the program asks the referring team for them."
Usage: #example
* id = "bm-5a459dc279b6d7d030cfcc0697fac880"
* identifier[writeBack].system = "https://fhir.bonemets.org/identifier/write-back"
* identifier[writeBack].value = "bm-5a459dc279b6d7d030cfcc0697fac880"
* basedOn[0] = Reference(Message08ServiceRequest)
* basedOn[+] = Reference(Task/bm-f18ae1e6d060cf0b2768d5774300622c)
* status = #active
* category[notification] = $communication-category#notification
* category[notification].text = "Notification"
* priority = #routine
* subject = Reference(Message08Patient)
* payload.contentString = "Please send: Serum calcium and albumin. Why: needed to rule out hypercalcaemia of malignancy, which can make the referral an emergency."
* occurrencePeriod.start = "2025-11-17T21:58:48+00:00"
* occurrencePeriod.end = "2025-11-24T21:58:48+00:00"
* authoredOn = "2025-11-17T21:58:48+00:00"
* requester = Reference(CaseDocument10BonemetsProgram)
* recipient = Reference(Message08PractitionerRole)
* sender = Reference(CaseDocument10BonemetsProgram)
