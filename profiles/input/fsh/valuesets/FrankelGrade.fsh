ValueSet: FrankelGradeVS
Id: frankel-grade
Title: "Frankel grades"
Description: "All codes of https://fhir.bonemets.org/CodeSystem/frankel-grade."
* ^experimental = false
* include codes from system FrankelGradeCS
