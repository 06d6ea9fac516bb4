ValueSet: CaseSectionVS
Id: case-section
Title: "Consult case sections"
Description: "All codes of https://fhir.bonemets.org/CodeSystem/case-section."
* ^experimental = false
* include codes from system CaseSectionCS
