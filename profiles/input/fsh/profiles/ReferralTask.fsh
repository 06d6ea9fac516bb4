Profile: BoneMetsReferralTask
Parent: Task
Id: bonemets-referral-task
Title: "Referral Task"
Description: "The referral's workflow Task, after BSeR's ReferralTask: code task-code#fulfill, focus the referral ServiceRequest, for the Patient. The placer sends it in the referral message (status requested, businessStatus 2.0); the program answers on the same Task (see the write-back Task profile). Without a Task in the message, the program creates one."
* obeys bm-task-1
* identifier MS
* identifier ^slicing.discriminator.type = #pattern
* identifier ^slicing.discriminator.path = "type"
* identifier ^slicing.rules = #open
* identifier ^slicing.description = "Placer and filler identifiers, by type"
* identifier contains placer 0..1 MS
* identifier[placer] ^short = "The placer's identifier for the Task; the program adds its own (filler)"
* identifier[placer].type = $v2-0203#PLAC
* identifier[placer].system 1..1 MS
* identifier[placer].value 1..1 MS
* status MS
* businessStatus MS
* businessStatus from BserBusinessStatusVS (extensible)
* intent = #order
* priority MS
* code 1..1 MS
* code = $task-code#fulfill
* focus 1..1 MS
* focus only Reference(BoneMetsReferralServiceRequest)
* for 1..1 MS
* for only Reference(Patient)
* authoredOn 1..1 MS
* lastModified MS
* requester MS
* requester only Reference(PractitionerRole or Practitioner or Organization)
* owner MS
* owner only Reference(Organization or PractitionerRole or Practitioner or HealthcareService)
* restriction MS
* restriction.period MS
* restriction.period ^short = "end: the date by which the program has promised to see the patient"
* output MS

Invariant: bm-task-1
Description: "A BSeR businessStatus agrees with Task.status: 2.0 requested; 3.0 accepted; 4.0 rejected; 5.1.1, 5.1.2 and 5.2 in-progress; 5.1.3 and 6.0 cancelled; 5.1.4 and 7.0 completed."
Expression: "businessStatus.coding.where(system = 'http://hl7.org/fhir/us/bser/CodeSystem/TaskBusinessStatusCS').exists() implies ((businessStatus.coding.where(system = 'http://hl7.org/fhir/us/bser/CodeSystem/TaskBusinessStatusCS' and code = '2.0').exists() implies status = 'requested') and (businessStatus.coding.where(system = 'http://hl7.org/fhir/us/bser/CodeSystem/TaskBusinessStatusCS' and code = '3.0').exists() implies status = 'accepted') and (businessStatus.coding.where(system = 'http://hl7.org/fhir/us/bser/CodeSystem/TaskBusinessStatusCS' and code = '4.0').exists() implies status = 'rejected') and (businessStatus.coding.where(system = 'http://hl7.org/fhir/us/bser/CodeSystem/TaskBusinessStatusCS' and code in ('5.1.1' | '5.1.2' | '5.2')).exists() implies status = 'in-progress') and (businessStatus.coding.where(system = 'http://hl7.org/fhir/us/bser/CodeSystem/TaskBusinessStatusCS' and code in ('5.1.3' | '6.0')).exists() implies status = 'cancelled') and (businessStatus.coding.where(system = 'http://hl7.org/fhir/us/bser/CodeSystem/TaskBusinessStatusCS' and code in ('5.1.4' | '7.0')).exists() implies status = 'completed'))"
Severity: #error
