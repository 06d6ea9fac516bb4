ValueSet: AmbulatoryStatusVS
Id: ambulatory-status
Title: "Ambulatory status"
Description: "All codes of https://fhir.bonemets.org/CodeSystem/ambulatory-status."
* ^experimental = false
* include codes from system AmbulatoryStatusCS
