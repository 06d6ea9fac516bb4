ValueSet: BoneMetastasisCodesVS
Id: bone-metastasis-codes
Title: "Secondary malignant neoplasm of bone"
Description: "Codes for a bone (or bone marrow) metastasis on a Condition: ICD-10-CM C79.51 and C79.52, SNOMED CT 94222008. Send the ICD-10-CM code; the SNOMED CT code may travel beside it."
* ^experimental = false
* $icd-10-cm#C79.51 "Secondary malignant neoplasm of bone"
* $icd-10-cm#C79.52 "Secondary malignant neoplasm of bone marrow"
* $sct#94222008 "Secondary malignant neoplasm of bone"
