ValueSet: VertebralCollapseVS
Id: vertebral-collapse
Title: "SINS vertebral body collapse"
Description: "All codes of https://fhir.bonemets.org/CodeSystem/vertebral-collapse."
* ^experimental = false
* include codes from system VertebralCollapseCS
