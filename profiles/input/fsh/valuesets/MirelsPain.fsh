ValueSet: MirelsPainVS
Id: mirels-pain
Title: "Mirels pain"
Description: "All codes of https://fhir.bonemets.org/CodeSystem/mirels-pain."
* ^experimental = false
* include codes from system MirelsPainCS
