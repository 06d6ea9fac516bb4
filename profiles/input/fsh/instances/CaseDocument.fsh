Instance: CaseDocumentExample
InstanceOf: BoneMetsCaseDocument
Title: "Consult case document (sample 10)"
Description: "The consult case document the program writes for sample 10."
Usage: #example
* id = "bm-fd3d1f95edb2c768f04487891888f923"
* identifier.system = "https://fhir.bonemets.org/identifier/write-back"
* identifier.value = "bm-fd3d1f95edb2c768f04487891888f923"
* type = #document
* timestamp = "2025-11-21T18:34:26+00:00"
* entry[0].fullUrl = "http://localhost:5080/fhir/Composition/bm-519da1f594799f629077e50a7a745ec9"
* entry[=].resource = CaseCompositionExample
* entry[+].fullUrl = "http://localhost:5080/fhir/Patient/131ea6c1-145e-43e0-8546-11ad9120b317"
* entry[=].resource = CaseDocument10Patient
* entry[+].fullUrl = "http://localhost:5080/fhir/Device/bonemets-fhir"
* entry[=].resource = CaseDocument10BonemetsFhir
* entry[+].fullUrl = "http://localhost:5080/fhir/Organization/bonemets-program"
* entry[=].resource = CaseDocument10BonemetsProgram
* entry[+].fullUrl = "http://localhost:5080/fhir/ServiceRequest/eb6db91f-b132-4398-8c3b-7a635286b977"
* entry[=].resource = CaseDocument10ServiceRequest
* entry[+].fullUrl = "http://localhost:5080/fhir/Task/12f26f3b-472e-45d7-9dd8-005cb793eb00"
* entry[=].resource = WriteBackTaskExample
* entry[+].fullUrl = "http://localhost:5080/fhir/Condition/4513a220-8dbd-46a1-9265-e579c408a3d2"
* entry[=].resource = CaseDocument10Condition1
* entry[+].fullUrl = "http://localhost:5080/fhir/Condition/2afe79d5-b6a2-405c-9247-5477a349d744"
* entry[=].resource = CaseDocument10Condition2
* entry[+].fullUrl = "http://localhost:5080/fhir/Observation/7e643144-fc40-40e4-bb35-eb886e854970"
* entry[=].resource = CaseDocument10Observation1
* entry[+].fullUrl = "http://localhost:5080/fhir/ImagingStudy/4df7fcd8-74e8-4fd6-acd4-620fe82990f4"
* entry[=].resource = CaseDocument10ImagingStudy
* entry[+].fullUrl = "http://localhost:5080/fhir/DiagnosticReport/8c533d03-9cd1-41cd-b1ea-126a16761e12"
* entry[=].resource = CaseDocument10DiagnosticReport
* entry[+].fullUrl = "http://localhost:5080/fhir/Observation/94f3c834-465b-4d2f-9d05-83c94e1b87a5"
* entry[=].resource = CaseDocument10Observation2
* entry[+].fullUrl = "http://localhost:5080/fhir/Observation/7bfd4d25-f937-49f4-82b8-ad18c6b9dc13"
* entry[=].resource = CaseDocument10Observation3
* entry[+].fullUrl = "http://localhost:5080/fhir/Observation/983786b4-9dad-485e-a7b9-a716aa992c6f"
* entry[=].resource = CaseDocument10Observation4
* entry[+].fullUrl = "http://localhost:5080/fhir/Observation/25205412-15ab-47a0-af44-6e637bb1de19"
* entry[=].resource = CaseDocument10Observation5
* entry[+].fullUrl = "http://localhost:5080/fhir/Observation/544436e8-27cc-4db5-bd62-4cf9c98ca86b"
* entry[=].resource = CaseDocument10Observation6
* entry[+].fullUrl = "http://localhost:5080/fhir/Observation/32b3913e-890a-4a30-b48c-c660cb11679b"
* entry[=].resource = CaseDocument10Observation7
* entry[+].fullUrl = "http://localhost:5080/fhir/RiskAssessment/bm-d86b6137bc74c80c63fffe8e95271f9e"
* entry[=].resource = TriageDecisionExample
* entry[+].fullUrl = "http://localhost:5080/fhir/PractitionerRole/53176579-b319-4141-b396-e3b5ae0b81cd"
* entry[=].resource = CaseDocument10PractitionerRole
* entry[+].fullUrl = "http://localhost:5080/fhir/Practitioner/a47ee756-e685-454f-a317-6a357022c351"
* entry[=].resource = CaseDocument10Practitioner
* entry[+].fullUrl = "http://localhost:5080/fhir/Organization/8576aa22-d28b-4cd8-857c-cb17bdf0f54c"
* entry[=].resource = CaseDocument10Organization

Instance: CaseDocument10Patient
InstanceOf: Patient
Usage: #inline
* id = "131ea6c1-145e-43e0-8546-11ad9120b317"
* identifier.use = #usual
* identifier.type = $v2-0203#MR "Medical record number"
* identifier.system = "http://hospital.example.org/mrn"
* identifier.value = "LS7790466"
* active = true
* name.use = #official
* name.family = "Brightwater"
* name.given[0] = "Martin"
* name.given[+] = "Joseph"
* telecom[0].system = #phone
* telecom[=].value = "555-0108"
* telecom[=].use = #mobile
* telecom[+].system = #email
* telecom[=].value = "m.brightwater@example.com"
* telecom[=].use = #home
* gender = #male
* birthDate = "1966-08-04"
* address.use = #home
* address.line = "310 Dune Avenue"
* address.city = "Lakeshore"
* address.state = "MI"
* address.postalCode = "49097"
* address.country = "US"

Instance: CaseDocument10BonemetsFhir
InstanceOf: Device
Usage: #inline
* id = "bonemets-fhir"
* status = #active
* deviceName.name = "BoneMets.Fhir"
* deviceName.type = #manufacturer-name
* version.value = "1.0.0"
* owner = Reference(CaseDocument10BonemetsProgram)

Instance: CaseDocument10BonemetsProgram
InstanceOf: Organization
Usage: #inline
* id = "bonemets-program"
* identifier.system = "https://fhir.bonemets.org/identifier/organization"
* identifier.value = "bonemets-program"
* active = true
* name = "Bone and Spine Metastasis Program"

Instance: CaseDocument10ServiceRequest
InstanceOf: ServiceRequest
Usage: #inline
* id = "eb6db91f-b132-4398-8c3b-7a635286b977"
* identifier.type = $v2-0203#PLAC "Placer Identifier"
* identifier.system = "https://fhir.lakeshore.example.org/identifier/referral"
* identifier.value = "LCC-R-30618"
* status = #active
* intent = #order
* priority = #routine
* code = $sct#3457005 "Patient referral"
* code.text = "Referral to bone metastasis program"
* subject = Reference(CaseDocument10Patient)
* authoredOn = "2025-11-21T13:30:00-05:00"
* requester = Reference(CaseDocument10PractitionerRole)
* reasonReference = Reference(CaseDocument10Condition2)
* supportingInfo[0] = Reference(CaseDocument10Observation1)
* supportingInfo[+] = Reference(CaseDocument10ImagingStudy)
* supportingInfo[+] = Reference(CaseDocument10DiagnosticReport)
* supportingInfo[+] = Reference(CaseDocument10Observation2)
* supportingInfo[+] = Reference(CaseDocument10Observation3)
* supportingInfo[+] = Reference(CaseDocument10Observation4)
* supportingInfo[+] = Reference(CaseDocument10Observation5)
* supportingInfo[+] = Reference(CaseDocument10Observation6)
* supportingInfo[+] = Reference(CaseDocument10Observation7)
* note.authorReference = Reference(CaseDocument10Practitioner)
* note.time = "2025-11-21T13:30:00-05:00"
* note.text = "59-year-old man with clear cell renal cell carcinoma of the right kidney (2023) on pembrolizumab and axitinib. Six weeks of right thigh pain, moderate, eased by paracetamol, walking without aids. CT: mixed lesion of the right femoral mid-diaphysis involving about 40% of the diameter, no fracture. ECOG 1, calcium normal. Please advise on fixation versus radiotherapy."

Instance: CaseDocument10Condition1
InstanceOf: Condition
Usage: #inline
* id = "4513a220-8dbd-46a1-9265-e579c408a3d2"
* clinicalStatus = $condition-clinical#active "Active"
* verificationStatus = $condition-ver-status#confirmed "Confirmed"
* category = $condition-category#problem-list-item "Problem List Item"
* code = $icd-10-cm#C64.1 "Malignant neoplasm of right kidney, except renal pelvis"
* code.text = "Clear cell renal cell carcinoma of right kidney"
* subject = Reference(CaseDocument10Patient)
* onsetDateTime = "2023-01-16"
* recordedDate = "2023-01-25"

Instance: CaseDocument10Condition2
InstanceOf: Condition
Usage: #inline
* id = "2afe79d5-b6a2-405c-9247-5477a349d744"
* clinicalStatus = $condition-clinical#active "Active"
* verificationStatus = $condition-ver-status#confirmed "Confirmed"
* category = $condition-category#problem-list-item "Problem List Item"
* code.coding[0] = $icd-10-cm#C79.51 "Secondary malignant neoplasm of bone"
* code.coding[+] = $sct#94222008 "Secondary malignant neoplasm of bone"
* code.text = "Bone metastasis"
* bodySite = $sct#71341001 "Bone structure of femur"
* bodySite.text = "Right femur, mid-diaphysis"
* subject = Reference(CaseDocument10Patient)
* onsetDateTime = "2025-11-18"
* recordedDate = "2025-11-18"
* evidence.detail = Reference(CaseDocument10DiagnosticReport)

Instance: CaseDocument10Observation1
InstanceOf: Observation
Usage: #inline
* id = "7e643144-fc40-40e4-bb35-eb886e854970"
* status = #final
* category = $observation-category#imaging "Imaging"
* code = $bonemets-observation#bone-lesion
* subject = Reference(CaseDocument10Patient)
* effectiveDateTime = "2025-11-18T11:45:00-05:00"
* bodySite = $sct#71341001 "Bone structure of femur"
* bodySite.text = "Right femur, mid-diaphysis"
* derivedFrom = Reference(CaseDocument10ImagingStudy)
* component[0].code = $bonemets-observation#lesion-type
* component[=].valueCodeableConcept = $lesion-type#mixed
* component[+].code = $bonemets-observation#diameter-fraction
* component[=].valueQuantity = 40 '%' "%"
* component[+].code = $bonemets-observation#mirels-site
* component[=].valueCodeableConcept = $mirels-site#lower-limb
* component[+].code = $bonemets-observation#mirels-pain
* component[=].valueCodeableConcept = $mirels-pain#moderate

Instance: CaseDocument10ImagingStudy
InstanceOf: ImagingStudy
Usage: #inline
* id = "4df7fcd8-74e8-4fd6-acd4-620fe82990f4"
* identifier.system = "urn:dicom:uid"
* identifier.value = "urn:oid:1.2.840.99999.7731.20251118.114500.30618"
* status = #available
* modality = $DCM#CT "Computed Tomography"
* subject = Reference(CaseDocument10Patient)
* started = "2025-11-18T11:45:00-05:00"
* numberOfSeries = 3
* numberOfInstances = 540
* description = "CT right femur without contrast"

Instance: CaseDocument10DiagnosticReport
InstanceOf: DiagnosticReport
Usage: #inline
* id = "8c533d03-9cd1-41cd-b1ea-126a16761e12"
* status = #final
* category = $loinc#LP29684-5 "Radiology"
* code.text = "CT femur right"
* subject = Reference(CaseDocument10Patient)
* effectiveDateTime = "2025-11-18T11:45:00-05:00"
* issued = "2025-11-18T15:50:00-05:00"
* result = Reference(CaseDocument10Observation1)
* imagingStudy = Reference(CaseDocument10ImagingStudy)
* conclusion = "Mixed lytic and sclerotic metastasis of the right femoral mid-diaphysis, 5 cm long, involving about 40% of the diameter with endosteal scalloping. No cortical breach or fracture. Proximal femur and hip normal."

Instance: CaseDocument10Observation2
InstanceOf: Observation
Usage: #inline
* id = "94f3c834-465b-4d2f-9d05-83c94e1b87a5"
* status = #final
* category = $observation-category#survey "Survey"
* code = $loinc#89247-1 "ECOG Performance Status score"
* code.text = "ECOG performance status"
* subject = Reference(CaseDocument10Patient)
* effectiveDateTime = "2025-11-21T10:15:00-05:00"
* valueInteger = 1

Instance: CaseDocument10Observation3
InstanceOf: Observation
Usage: #inline
* id = "7bfd4d25-f937-49f4-82b8-ad18c6b9dc13"
* status = #final
* category = $observation-category#survey "Survey"
* code = $loinc#72514-3 "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
* code.text = "Pain severity (0-10), right thigh"
* subject = Reference(CaseDocument10Patient)
* effectiveDateTime = "2025-11-21T10:15:00-05:00"
* valueInteger = 5

Instance: CaseDocument10Observation4
InstanceOf: Observation
Usage: #inline
* id = "983786b4-9dad-485e-a7b9-a716aa992c6f"
* status = #final
* category = $observation-category#laboratory "Laboratory"
* code = $loinc#17861-6 "Calcium [Mass/volume] in Serum or Plasma"
* code.text = "Calcium, serum"
* subject = Reference(CaseDocument10Patient)
* effectiveDateTime = "2025-11-20T08:30:00-05:00"
* valueQuantity = 10.2 'mg/dL' "mg/dL"

Instance: CaseDocument10Observation5
InstanceOf: Observation
Usage: #inline
* id = "25205412-15ab-47a0-af44-6e637bb1de19"
* status = #final
* category = $observation-category#laboratory "Laboratory"
* code = $loinc#1751-7 "Albumin [Mass/volume] in Serum or Plasma"
* code.text = "Albumin, serum"
* subject = Reference(CaseDocument10Patient)
* effectiveDateTime = "2025-11-20T08:30:00-05:00"
* valueQuantity = 4.4 'g/dL' "g/dL"

Instance: CaseDocument10Observation6
InstanceOf: Observation
Usage: #inline
* id = "544436e8-27cc-4db5-bd62-4cf9c98ca86b"
* status = #final
* category = $observation-category#laboratory "Laboratory"
* code = $loinc#6768-6 "Alkaline phosphatase [Enzymatic activity/volume] in Serum or Plasma"
* code.text = "Alkaline phosphatase, serum"
* subject = Reference(CaseDocument10Patient)
* effectiveDateTime = "2025-11-20T08:30:00-05:00"
* valueQuantity = 131 'U/L' "U/L"

Instance: CaseDocument10Observation7
InstanceOf: Observation
Usage: #inline
* id = "32b3913e-890a-4a30-b48c-c660cb11679b"
* status = #final
* category = $observation-category#laboratory "Laboratory"
* code = $loinc#718-7 "Hemoglobin [Mass/volume] in Blood"
* code.text = "Haemoglobin"
* subject = Reference(CaseDocument10Patient)
* effectiveDateTime = "2025-11-20T08:30:00-05:00"
* valueQuantity = 13.4 'g/dL' "g/dL"

Instance: CaseDocument10PractitionerRole
InstanceOf: PractitionerRole
Usage: #inline
* id = "53176579-b319-4141-b396-e3b5ae0b81cd"
* active = true
* practitioner = Reference(CaseDocument10Practitioner) "Dr. Elena Sokolova"
* organization = Reference(CaseDocument10Organization) "Lakeshore Cancer Center"
* code = $provider-taxonomy#207RX0202X
* code.text = "Medical oncologist"
* telecom[0].system = #phone
* telecom[=].value = "555-0132"
* telecom[=].use = #work
* telecom[+].system = #email
* telecom[=].value = "elena.sokolova@lakeshore.example.org"
* telecom[=].use = #work

Instance: CaseDocument10Practitioner
InstanceOf: Practitioner
Usage: #inline
* id = "a47ee756-e685-454f-a317-6a357022c351"
* identifier.system = "https://fhir.lakeshore.example.org/identifier/staff"
* identifier.value = "LCC-4528"
* active = true
* name.use = #official
* name.family = "Sokolova"
* name.given = "Elena"
* name.prefix = "Dr."
* telecom.system = #email
* telecom.value = "elena.sokolova@lakeshore.example.org"
* telecom.use = #work

Instance: CaseDocument10Organization
InstanceOf: Organization
Usage: #inline
* id = "8576aa22-d28b-4cd8-857c-cb17bdf0f54c"
* identifier.system = "http://hospital.example.org/organization"
* identifier.value = "LCC"
* active = true
* name = "Lakeshore Cancer Center"
* telecom.system = #phone
* telecom.value = "555-0130"
* telecom.use = #work
* address.use = #work
* address.line = "2200 Shoreline Boulevard"
* address.city = "Lakeshore"
* address.state = "MI"
* address.postalCode = "49099"
* address.country = "US"
