ValueSet: LesionTypeVS
Id: lesion-type
Title: "Bone lesion types"
Description: "All codes of https://fhir.bonemets.org/CodeSystem/lesion-type."
* ^experimental = false
* include codes from system LesionTypeCS
