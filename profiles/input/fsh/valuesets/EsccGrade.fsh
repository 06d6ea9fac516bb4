ValueSet: EsccGradeVS
Id: escc-grade
Title: "Bilsky ESCC grades"
Description: "All codes of https://fhir.bonemets.org/CodeSystem/escc-grade."
* ^experimental = false
* include codes from system EsccGradeCS
