ValueSet: MirelsSiteVS
Id: mirels-site
Title: "Mirels sites"
Description: "All codes of https://fhir.bonemets.org/CodeSystem/mirels-site."
* ^experimental = false
* include codes from system MirelsSiteCS
