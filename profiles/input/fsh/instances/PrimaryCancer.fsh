Instance: PrimaryCancerExample
InstanceOf: BoneMetsPrimaryCancerCondition
Title: "Primary breast cancer (sample 01)"
Description: "ICD-10-CM C50.911."
Usage: #example
* id = "7e4b65d3-d970-4aab-97fa-837802374f86"
* clinicalStatus = $condition-clinical#active "Active"
* verificationStatus = $condition-ver-status#confirmed "Confirmed"
* category = $condition-category#problem-list-item "Problem List Item"
* code = $icd-10-cm#C50.911 "Malignant neoplasm of unspecified site of right female breast"
* code.text = "Invasive ductal carcinoma of right breast, ER+/PR+/HER2-"
* subject = Reference(urn:uuid:7b45dc81-abc2-4243-a4bc-23b0a34ef723)
* onsetDateTime = "2021-06-15"
* recordedDate = "2021-06-22"
