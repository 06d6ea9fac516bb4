Profile: BoneMetsReferralMessageHeader
Parent: MessageHeader
Id: bonemets-referral-message-header
Title: "Referral message header"
Description: "The MessageHeader of a referral message: the referral event (v2-0003#I12, as in BSeR) and a focus on the BSeR referral Task or, without a Task, on the referral ServiceRequest."
* id 1..1 MS
* id ^short = "Message id (with Bundle.id, the key of reliable messaging)"
* event[x] only Coding
* event[x] MS
* eventCoding = $v2-0003#I12
* eventCoding ^short = "v2-0003#I12 (REF/RRI - Patient referral)"
* destination MS
* destination.endpoint MS
* sender MS
* source MS
* source.name MS
* source.endpoint MS
* source.endpoint ^short = "The sender's endpoint; the program's response message names it as its destination"
* focus 1..* MS
* focus only Reference(BoneMetsReferralTask or BoneMetsReferralServiceRequest)
* focus ^short = "The referral Task (BSeR ReferralTask) or the referral ServiceRequest"
* response 0..0
