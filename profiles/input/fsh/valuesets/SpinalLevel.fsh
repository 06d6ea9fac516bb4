ValueSet: SpinalLevelVS
Id: spinal-level
Title: "Spinal levels"
Description: "All codes of https://fhir.bonemets.org/CodeSystem/spinal-level."
* ^experimental = false
* include codes from system SpinalLevelCS
