CodeSystem: VisceralMetastasesCS
Id: visceral-metastases
Title: "Metastases to major internal organs"
Description: "Metastases to major internal organs (patient-level finding `visceral-metastases`), as the Tokuhashi score reads them."
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* #none "None" "No metastases to major internal organs."
* #removable "Removable" "Metastases to major internal organs that are removable."
* #unremovable "Unremovable" "Metastases to major internal organs that are not removable."
