ValueSet: ScoreItemVS
Id: score-item
Title: "Score items"
Description: "All codes of https://fhir.bonemets.org/CodeSystem/score-item."
* ^experimental = false
* include codes from system ScoreItemCS
