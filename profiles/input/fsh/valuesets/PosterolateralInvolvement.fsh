ValueSet: PosterolateralInvolvementVS
Id: posterolateral-involvement
Title: "SINS posterolateral involvement"
Description: "All codes of https://fhir.bonemets.org/CodeSystem/posterolateral-involvement."
* ^experimental = false
* include codes from system PosterolateralInvolvementCS
