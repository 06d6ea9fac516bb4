ValueSet: SpinalAlignmentVS
Id: spinal-alignment
Title: "SINS radiographic alignment"
Description: "All codes of https://fhir.bonemets.org/CodeSystem/spinal-alignment."
* ^experimental = false
* include codes from system SpinalAlignmentCS
