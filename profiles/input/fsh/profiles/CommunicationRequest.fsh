Profile: BoneMetsCommunicationRequest
Parent: CommunicationRequest
Id: bonemets-communication-request
Title: "Write-back CommunicationRequest"
Description: "A communication the program asks for about a referral: the acknowledgement to the referring team (urgency, deadline, teams, reasons), the same-day outreach to the patient, or a request to the referring team for a missing input (what and why). basedOn the referral ServiceRequest and its Task; the text in payload."
* obeys bm-cr-1
* identifier 1..* MS
* identifier ^slicing.discriminator.type = #pattern
* identifier ^slicing.discriminator.path = "system"
* identifier ^slicing.rules = #open
* identifier contains writeBack 1..1 MS
* identifier[writeBack].system = "https://fhir.bonemets.org/identifier/write-back"
* identifier[writeBack].value 1..1 MS
* basedOn 1..* MS
* basedOn only Reference(ServiceRequest or Task)
* status MS
* category 1..* MS
* category ^slicing.discriminator.type = #pattern
* category ^slicing.discriminator.path = "$this"
* category ^slicing.rules = #open
* category contains notification 1..1 MS
* category[notification] = $communication-category#notification
* priority 1..1 MS
* subject 1..1 MS
* subject only Reference(Patient)
* payload 1..* MS
* payload.content[x] only string
* occurrence[x] 1..1 MS
* occurrence[x] ^short = "When: a time (acknowledgement) or a window ending at the deadline (outreach: end of the arrival day)"
* authoredOn 1..1 MS
* requester 1..1 MS
* requester only Reference(Organization)
* recipient MS
* recipient only Reference(Patient or PractitionerRole or Practitioner or Organization)
* sender 1..1 MS
* sender only Reference(Organization)

Invariant: bm-cr-1
Description: "The request names its recipient (the referring requester, or the patient for outreach)."
Expression: "recipient.exists()"
Severity: #warning
