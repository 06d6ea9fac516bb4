Instance: ReferralMessageExample
InstanceOf: BoneMetsReferralMessage
Title: "Thin referral message (sample 08)"
Description: "samples/referrals/08-prostate-thin-referral.json as an example: MessageHeader focused on the ServiceRequest (no Task), Patient, requester, primary cancer only."
Usage: #example
* id = "d0f96445-0128-47e9-a5c5-f62c2a1e29d0"
* type = #message
* timestamp = "2025-11-17T16:55:48-05:00"
* entry[0].fullUrl = "urn:uuid:2f21727e-58b7-4b54-aed4-5e8a9fe22a4d"
* entry[=].resource = Message08MessageHeader
* entry[+].fullUrl = "urn:uuid:b2c1e742-0c3d-4d86-a5f9-32e278c49466"
* entry[=].resource = Message08ServiceRequest
* entry[+].fullUrl = "urn:uuid:d30a9c0f-048e-47fa-88e9-6c2eb55c141d"
* entry[=].resource = Message08Patient
* entry[+].fullUrl = "urn:uuid:7fe383e6-e7f7-44b3-9afa-b2e14d94ffd5"
* entry[=].resource = Message08PractitionerRole
* entry[+].fullUrl = "urn:uuid:a441a8a6-cd25-4c21-9635-74a52dffcb33"
* entry[=].resource = Message08Practitioner
* entry[+].fullUrl = "urn:uuid:7251f56e-105d-45b6-a41b-363fb4202197"
* entry[=].resource = Message08Organization
* entry[+].fullUrl = "urn:uuid:162c5c65-2a13-41e4-8a13-a84ef21351c3"
* entry[=].resource = Message08Condition

Instance: Message08MessageHeader
InstanceOf: MessageHeader
Usage: #inline
* id = "2f21727e-58b7-4b54-aed4-5e8a9fe22a4d"
* eventCoding = $v2-0003#I12 "REF/RRI - Patient referral"
* destination.name = "BoneMets program"
* destination.endpoint = "http://localhost:5080/fhir/$process-message"
* sender = Reference(urn:uuid:7251f56e-105d-45b6-a41b-363fb4202197) "Westbrook Community Hospital Cancer Program"
* source.name = "Westbrook Community Hospital Cancer Program interface engine"
* source.software = "Synthetic interface engine"
* source.version = "4.2.1"
* source.endpoint = "https://interface.westbrook.example.org/fhir"
* focus = Reference(urn:uuid:b2c1e742-0c3d-4d86-a5f9-32e278c49466)

Instance: Message08ServiceRequest
InstanceOf: ServiceRequest
Usage: #inline
* id = "b2c1e742-0c3d-4d86-a5f9-32e278c49466"
* identifier.type = $v2-0203#PLAC "Placer Identifier"
* identifier.system = "https://fhir.westbrook.example.org/identifier/referral"
* identifier.value = "WCH-R-2317"
* status = #active
* intent = #order
* priority = #routine
* code = $sct#3457005 "Patient referral"
* code.text = "Referral to bone metastasis program"
* subject = Reference(urn:uuid:d30a9c0f-048e-47fa-88e9-6c2eb55c141d)
* authoredOn = "2025-11-17T16:55:00-05:00"
* requester = Reference(urn:uuid:7fe383e6-e7f7-44b3-9afa-b2e14d94ffd5)
* reasonReference = Reference(urn:uuid:162c5c65-2a13-41e4-8a13-a84ef21351c3)
* note.authorReference = Reference(urn:uuid:a441a8a6-cd25-4c21-9635-74a52dffcb33)
* note.time = "2025-11-17T16:55:00-05:00"
* note.text = "Known prostate cancer. New bone pain; outside bone scan reportedly shows bone metastases. Please assess. Imaging and bloods to follow."

Instance: Message08Patient
InstanceOf: Patient
Usage: #inline
* id = "d30a9c0f-048e-47fa-88e9-6c2eb55c141d"
* identifier.use = #usual
* identifier.type = $v2-0203#MR "Medical record number"
* identifier.system = "http://hospital.example.org/mrn"
* identifier.value = "WB1190377"
* active = true
* name.use = #official
* name.family = "Pennington"
* name.given = "Arthur"
* telecom.system = #phone
* telecom.value = "555-0126"
* telecom.use = #mobile
* gender = #male
* birthDate = "1949-11-14"
* address.use = #home
* address.line = "5 Old Mill Lane"
* address.city = "Westbrook"
* address.state = "NH"
* address.postalCode = "03097"
* address.country = "US"

Instance: Message08PractitionerRole
InstanceOf: PractitionerRole
Usage: #inline
* id = "7fe383e6-e7f7-44b3-9afa-b2e14d94ffd5"
* active = true
* practitioner = Reference(urn:uuid:a441a8a6-cd25-4c21-9635-74a52dffcb33) "Dr. Farid Haddad"
* organization = Reference(urn:uuid:7251f56e-105d-45b6-a41b-363fb4202197) "Westbrook Community Hospital Cancer Program"
* code = $provider-taxonomy#207RX0202X
* code.text = "Medical oncologist"
* telecom[0].system = #phone
* telecom[=].value = "555-0162"
* telecom[=].use = #work
* telecom[+].system = #email
* telecom[=].value = "farid.haddad@westbrook.example.org"
* telecom[=].use = #work

Instance: Message08Practitioner
InstanceOf: Practitioner
Usage: #inline
* id = "a441a8a6-cd25-4c21-9635-74a52dffcb33"
* identifier.system = "https://fhir.westbrook.example.org/identifier/staff"
* identifier.value = "WCH-1021"
* active = true
* name.use = #official
* name.family = "Haddad"
* name.given = "Farid"
* name.prefix = "Dr."
* telecom.system = #email
* telecom.value = "farid.haddad@westbrook.example.org"
* telecom.use = #work

Instance: Message08Organization
InstanceOf: Organization
Usage: #inline
* id = "7251f56e-105d-45b6-a41b-363fb4202197"
* identifier.system = "http://hospital.example.org/organization"
* identifier.value = "WCH"
* active = true
* name = "Westbrook Community Hospital Cancer Program"
* telecom.system = #phone
* telecom.value = "555-0160"
* telecom.use = #work
* address.use = #work
* address.line = "700 Westbrook Road"
* address.city = "Westbrook"
* address.state = "NH"
* address.postalCode = "03099"
* address.country = "US"

Instance: Message08Condition
InstanceOf: Condition
Usage: #inline
* id = "162c5c65-2a13-41e4-8a13-a84ef21351c3"
* clinicalStatus = $condition-clinical#active "Active"
* verificationStatus = $condition-ver-status#confirmed "Confirmed"
* category = $condition-category#problem-list-item "Problem List Item"
* code = $icd-10-cm#C61 "Malignant neoplasm of prostate"
* code.text = "Prostate cancer"
* subject = Reference(urn:uuid:d30a9c0f-048e-47fa-88e9-6c2eb55c141d)
* onsetDateTime = "2017-05-22"
* recordedDate = "2017-06-01"
