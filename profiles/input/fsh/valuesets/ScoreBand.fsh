ValueSet: ScoreBandVS
Id: score-band
Title: "Score bands"
Description: "All codes of https://fhir.bonemets.org/CodeSystem/score-band."
* ^experimental = false
* include codes from system ScoreBandCS
