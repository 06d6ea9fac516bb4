ValueSet: SpinalPainVS
Id: spinal-pain
Title: "SINS pain"
Description: "All codes of https://fhir.bonemets.org/CodeSystem/spinal-pain."
* ^experimental = false
* include codes from system SpinalPainCS
