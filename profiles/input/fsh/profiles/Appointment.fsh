Profile: BoneMetsAppointment
Parent: Appointment
Id: bonemets-appointment
Title: "Proposed first visit"
Description: "The program's proposed first visit: status proposed, serviceType the visit mode (in person or virtual, as the referral asked), requestedPeriod ending at the deadline, and as participants the Patient, each routed team (HealthcareService) and the clinic or virtual Location."
* obeys bm-appt-1 and bm-appt-2
* identifier 1..* MS
* identifier ^slicing.discriminator.type = #pattern
* identifier ^slicing.discriminator.path = "system"
* identifier ^slicing.rules = #open
* identifier contains writeBack 1..1 MS
* identifier[writeBack].system = "https://fhir.bonemets.org/identifier/write-back"
* identifier[writeBack].value 1..1 MS
* status MS
* serviceType 1..1 MS
* serviceType from VisitModeVS (required)
* reasonReference MS
* reasonReference only Reference(Condition)
* description MS
* created 1..1 MS
* basedOn 1..1 MS
* basedOn only Reference(ServiceRequest)
* participant MS
* participant.actor 1..1 MS
* participant.actor only Reference(Patient or HealthcareService or Location)
* participant.required MS
* participant.status MS
* requestedPeriod 1..1 MS
* requestedPeriod.end 1..1 MS
* requestedPeriod.end ^short = "The deadline"

Invariant: bm-appt-1
Description: "The Patient is a participant."
Expression: "participant.actor.where(reference.startsWith('Patient/') or type = 'Patient').exists()"
Severity: #error

Invariant: bm-appt-2
Description: "A Location (the clinic, or the virtual clinic for a virtual visit) is a participant."
Expression: "participant.actor.where(reference.startsWith('Location/') or type = 'Location').exists()"
Severity: #error
