ValueSet: VisitModeVS
Id: visit-mode
Title: "Visit modes"
Description: "All codes of https://fhir.bonemets.org/CodeSystem/visit-mode."
* ^experimental = false
* include codes from system VisitModeCS
