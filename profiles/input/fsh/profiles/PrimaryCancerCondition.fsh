Profile: BoneMetsPrimaryCancerCondition
Parent: Condition
Id: bonemets-primary-cancer
Title: "Primary cancer Condition"
Description: "The primary cancer, coded in ICD-10-CM (C00-C97 or C7A; not a secondary code). The scores read the primary site from the ICD-10-CM category (e.g. C50 breast, C61 prostate, C34 lung, C64 kidney, C90 myeloma, C73 thyroid). Send one primary: Conditions that name different primary sites leave the primary unknown."
* obeys bm-pc-1
* clinicalStatus MS
* verificationStatus MS
* category MS
* code 1..1 MS
* code ^short = "ICD-10-CM malignant neoplasm (C00-C97, C7A), e.g. C50.911, C61, C34.11"
* subject MS
* subject only Reference(Patient)
* onset[x] MS
* recordedDate MS

Invariant: bm-pc-1
Description: "The code carries an ICD-10-CM primary malignant neoplasm (C00-C76, C7A, C80-C97) and no secondary one (C77-C79, C7B)."
Expression: "code.coding.where(system = 'http://hl7.org/fhir/sid/icd-10-cm' and code.matches('^C([0-6][0-9]|7[0-6]|7A|8[0-9]|9[0-7])')).exists() and code.coding.where(system = 'http://hl7.org/fhir/sid/icd-10-cm' and code.matches('^C(7[7-9]|7B)')).empty()"
Severity: #error
