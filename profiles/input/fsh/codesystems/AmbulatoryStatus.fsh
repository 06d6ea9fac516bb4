CodeSystem: AmbulatoryStatusCS
Id: ambulatory-status
Title: "Ambulatory status"
Description: "Ambulatory status (patient-level finding `ambulatory-status`), read by the New England Spinal Metastasis Score."
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* #independent "Independent" "Walks without assistance."
* #assisted "Assisted" "Walks with assistance (aid or person)."
* #non-ambulatory "Non-ambulatory" "Does not walk."
