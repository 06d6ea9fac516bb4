Profile: BoneMetsReferralServiceRequest
Parent: ServiceRequest
Id: bonemets-referral-service-request
Title: "Referral ServiceRequest"
Description: "The referral itself: a SNOMED CT referral order for the Patient, with the placer's identifier (the referral's identity: the program's write-back ids derive from it), the requester, the reasons (Conditions) and the supporting findings. locationCode v3-ActCode#VR asks for a virtual visit."
* identifier MS
* identifier ^slicing.discriminator.type = #pattern
* identifier ^slicing.discriminator.path = "type"
* identifier ^slicing.rules = #open
* identifier ^slicing.description = "The placer's identifier, by type"
* identifier contains placer 0..1 MS
* identifier[placer] ^short = "The placer's referral identifier: the referral's identity across messages"
* identifier[placer].type = $v2-0203#PLAC
* identifier[placer].system 1..1 MS
* identifier[placer].value 1..1 MS
* status MS
* intent = #order
* priority MS
* code 1..1 MS
* code from ReferralCodesVS (extensible)
* subject MS
* subject only Reference(Patient)
* authoredOn MS
* requester MS
* requester only Reference(PractitionerRole or Practitioner or Organization)
* locationCode MS
* locationCode ^short = "v3-ActCode#VR asks for a virtual visit"
* reasonReference MS
* reasonReference ^short = "The bone-metastasis (or primary-cancer) Condition the referral is for"
* supportingInfo MS
* note MS
