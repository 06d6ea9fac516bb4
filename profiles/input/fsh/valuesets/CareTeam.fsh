ValueSet: CareTeamVS
Id: care-team
Title: "Program care teams"
Description: "All codes of https://fhir.bonemets.org/CodeSystem/care-team."
* ^experimental = false
* include codes from system CareTeamCS
