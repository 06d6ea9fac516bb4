Instance: ReferralServiceRequestExample
InstanceOf: BoneMetsReferralServiceRequest
Title: "Referral ServiceRequest (sample 01)"
Description: "The referral of sample 01: SNOMED CT 3457005, placer identifier, reason the bone metastasis, supporting findings."
Usage: #example
* id = "fe57d3bd-b0ac-44dd-aeb2-5308cf65cc07"
* identifier.type = $v2-0203#PLAC "Placer Identifier"
* identifier.system = "https://fhir.northfield.example.org/identifier/referral"
* identifier.value = "REF-2025-04417"
* status = #active
* intent = #order
* priority = #urgent
* code = $sct#3457005 "Patient referral"
* code.text = "Referral to bone metastasis program"
* subject = Reference(urn:uuid:7b45dc81-abc2-4243-a4bc-23b0a34ef723)
* authoredOn = "2025-11-03T14:05:00-05:00"
* requester = Reference(urn:uuid:0533edf0-8d35-4816-a4b0-903d9fc7adb8)
* reasonReference = Reference(urn:uuid:f66a2e61-1466-476c-bbde-388c62b53669)
* supportingInfo[0] = Reference(urn:uuid:0a5285c8-baa0-4e3d-8db7-6ccf9c6450c3)
* supportingInfo[+] = Reference(urn:uuid:a55e3ff6-c8a5-4589-b955-26d15415d6e6)
* supportingInfo[+] = Reference(urn:uuid:2b628086-fc83-463d-9f49-7feab751f1ee)
* supportingInfo[+] = Reference(urn:uuid:63514cfe-fe7f-4bae-8c9a-84f31cadbf4e)
* supportingInfo[+] = Reference(urn:uuid:76042e50-fc42-41a2-827b-fcb9bca37670)
* supportingInfo[+] = Reference(urn:uuid:4613ca39-42d0-4b89-b9ec-5714641a79d1)
* supportingInfo[+] = Reference(urn:uuid:ef45445e-800f-4665-8ced-13fe5b6d23ee)
* supportingInfo[+] = Reference(urn:uuid:dbbebaa8-36fa-4926-a989-e9f5ebcb8ea9)
* supportingInfo[+] = Reference(urn:uuid:c6aba3f3-bcf3-4c55-b4f7-de2d7f61ecb5)
* note.authorReference = Reference(urn:uuid:442bd2fb-cab2-4b62-81af-0ec577ddf1cf)
* note.time = "2025-11-03T14:05:00-05:00"
* note.text = "62-year-old woman with ER+/PR+/HER2- invasive ductal carcinoma of the right breast (2021), bone-only metastatic relapse on letrozole and palbociclib. Three weeks of worsening left hip and thigh pain on weight bearing, now walking with a stick. Radiographs: lytic lesion of the left peritrochanteric femur involving about 70% of the diameter, no fracture. Calcium normal. ECOG 1. Advised protected weight bearing. Please assess for prophylactic fixation."
