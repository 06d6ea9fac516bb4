Instance: ReferralTaskExample
InstanceOf: BoneMetsReferralTask
Title: "Referral Task as sent (sample 01)"
Description: "The placer's BSeR referral Task of sample 01: requested, businessStatus 2.0, priority urgent."
Usage: #example
* id = "c421a96e-c40a-4f13-9cfe-f30cc2d1c92e"
* identifier[placer].type = $v2-0203#PLAC "Placer Identifier"
* identifier[placer].system = "https://fhir.northfield.example.org/identifier/referral-task"
* identifier[placer].value = "RT-2025-04417"
* status = #requested
* businessStatus = $bser-business-status#2.0 "Service Request Created"
* intent = #order
* priority = #urgent
* code = $task-code#fulfill "Fulfill the focal request"
* focus = Reference(urn:uuid:fe57d3bd-b0ac-44dd-aeb2-5308cf65cc07)
* for = Reference(urn:uuid:7b45dc81-abc2-4243-a4bc-23b0a34ef723)
* authoredOn = "2025-11-03T14:05:00-05:00"
* requester = Reference(urn:uuid:0533edf0-8d35-4816-a4b0-903d9fc7adb8)
