Profile: BoneMetsBoneMetastasisCondition
Parent: Condition
Id: bonemets-bone-metastasis
Title: "Bone metastasis Condition"
Description: "A bone metastasis, after mCODE's SecondaryCancerCondition: a secondary malignant neoplasm code (ICD-10-CM C79.51 or C79.52, optionally with SNOMED CT 94222008) and the bone in bodySite. The program reads any Condition coded ICD-10-CM C77-C79 or C7B, or SNOMED CT 128462008 or 94222008, as a metastasis and never as a primary cancer."
* obeys bm-met-1
* clinicalStatus MS
* verificationStatus MS
* category MS
* code 1..1 MS
* code from BoneMetastasisCodesVS (extensible)
* bodySite MS
* bodySite ^short = "The bone: SNOMED CT body structure (e.g. 71341001 femur, 85050009 humerus), or text"
* subject MS
* subject only Reference(Patient)
* onset[x] MS
* recordedDate MS
* evidence MS
* evidence.detail MS
* evidence.detail ^short = "The report or finding that shows the metastasis"

Invariant: bm-met-1
Description: "The code is a secondary malignant neoplasm: ICD-10-CM C77-C79 or C7B, or SNOMED CT 128462008 or 94222008."
Expression: "code.coding.where((system = 'http://hl7.org/fhir/sid/icd-10-cm' and (code.startsWith('C77') or code.startsWith('C78') or code.startsWith('C79') or code.startsWith('C7B'))) or (system = 'http://snomed.info/sct' and code in ('128462008' | '94222008'))).exists()"
Severity: #error
