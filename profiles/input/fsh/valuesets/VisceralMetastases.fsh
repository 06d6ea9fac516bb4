ValueSet: VisceralMetastasesVS
Id: visceral-metastases
Title: "Metastases to major internal organs"
Description: "All codes of https://fhir.bonemets.org/CodeSystem/visceral-metastases."
* ^experimental = false
* include codes from system VisceralMetastasesCS
