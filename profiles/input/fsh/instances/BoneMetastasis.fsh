Instance: BoneMetastasisExample
InstanceOf: BoneMetsBoneMetastasisCondition
Title: "Bone metastasis of the left femur (sample 01)"
Description: "ICD-10-CM C79.51 with SNOMED CT 94222008, bodySite femur."
Usage: #example
* id = "f66a2e61-1466-476c-bbde-388c62b53669"
* clinicalStatus = $condition-clinical#active "Active"
* verificationStatus = $condition-ver-status#confirmed "Confirmed"
* category = $condition-category#problem-list-item "Problem List Item"
* code.coding[0] = $icd-10-cm#C79.51 "Secondary malignant neoplasm of bone"
* code.coding[+] = $sct#94222008 "Secondary malignant neoplasm of bone"
* code.text = "Bone metastasis"
* bodySite = $sct#71341001 "Bone structure of femur"
* bodySite.text = "Left proximal femur, peritrochanteric region"
* subject = Reference(urn:uuid:7b45dc81-abc2-4243-a4bc-23b0a34ef723)
* onsetDateTime = "2025-11-01"
* recordedDate = "2025-11-01"
* evidence.detail = Reference(urn:uuid:2b628086-fc83-463d-9f49-7feab751f1ee)
