Profile: BoneMetsReferralMessage
Parent: Bundle
Id: bonemets-referral-message
Title: "Referral message"
Description: "A referral to the bone-metastasis program as a FHIR message, posted to [base]/$process-message. The first entry is the MessageHeader (event v2-0003#I12), whose focus is the BSeR referral Task or the referral ServiceRequest itself. The message carries everything the program needs (BSeR's push option): the ServiceRequest, the Patient, the referring practitioner and organization, and the Conditions, Observations, ImagingStudies and DiagnosticReports the triage reads. Every reference resolves to an entry of the message (urn:uuid fullUrls). Bundle.id and MessageHeader.id together identify the message for reliable messaging."
* obeys bm-msg-1 and bm-msg-2 and bm-msg-3 and bm-msg-4 and bm-msg-5
* id 1..1 MS
* id ^short = "Message id (with MessageHeader.id, the key of reliable messaging)"
* id ^definition = "Required: the receiver keeps Bundle.id and MessageHeader.id to recognise a resend. A resend of the same message keeps both ids; a new message gets new ones."
* type = #message (exactly)
* type MS
* timestamp 1..1 MS
* entry 3..* MS
* entry.fullUrl 1..1 MS
* entry.fullUrl ^short = "urn:uuid:<uuid> (or an absolute URL); references in the message point at it"
* entry.resource 1..1 MS
* entry.search 0..0
* entry.request 0..0
* entry.response 0..0

Invariant: bm-msg-1
Description: "The first entry is the MessageHeader."
Expression: "entry.first().resource.is(MessageHeader)"
Severity: #error

Invariant: bm-msg-2
Description: "The message has exactly one MessageHeader."
Expression: "entry.resource.ofType(MessageHeader).count() = 1"
Severity: #error

Invariant: bm-msg-3
Description: "The message carries the Patient the referral is about."
Expression: "entry.resource.ofType(Patient).exists()"
Severity: #error

Invariant: bm-msg-4
Description: "The message carries the referral ServiceRequest."
Expression: "entry.resource.ofType(ServiceRequest).exists()"
Severity: #error

Invariant: bm-msg-5
Description: "Every urn:uuid reference in the message is the fullUrl of one of its entries."
Expression: "descendants().ofType(Reference).reference.where(startsWith('urn:')).all(%resource.entry.fullUrl contains $this)"
Severity: #error
