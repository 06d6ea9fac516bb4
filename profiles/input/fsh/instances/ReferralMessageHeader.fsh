Instance: ReferralMessageHeaderExample
InstanceOf: BoneMetsReferralMessageHeader
Title: "Referral message header (sample 01)"
Description: "The MessageHeader of samples/referrals/01-breast-femur-impending-fracture.json: event I12, focus the referral Task."
Usage: #example
* id = "70d70608-59ed-4d12-a074-1a40667da695"
* eventCoding = $v2-0003#I12 "REF/RRI - Patient referral"
* destination.name = "BoneMets program"
* destination.endpoint = "http://localhost:5080/fhir/$process-message"
* sender = Reference(urn:uuid:6e36fd75-ce9c-4492-a5de-87f2c3dfc6a9) "Northfield Regional Cancer Centre"
* source.name = "Northfield Regional Cancer Centre interface engine"
* source.software = "Synthetic interface engine"
* source.version = "4.2.1"
* source.endpoint = "https://interface.northfield.example.org/fhir"
* focus = Reference(urn:uuid:c421a96e-c40a-4f13-9cfe-f30cc2d1c92e)
