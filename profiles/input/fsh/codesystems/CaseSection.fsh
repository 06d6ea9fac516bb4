CodeSystem: CaseSectionCS
Id: case-section
Title: "Consult case section"
Description: "Sections of the consult case document (Composition.section.code), in the order the document lists them."
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* #referral "Referral" "The referral ServiceRequest and its Task."
* #primary-cancer "Primary cancer" "The primary-cancer Conditions."
* #bone-lesions "Bone lesions" "Bone-metastasis Conditions and bone-lesion Observations."
* #imaging "Imaging and reports" "ImagingStudies and DiagnosticReports."
* #labs-performance "Labs, performance status and findings" "Laboratory results, performance status, clinical findings and other Conditions."
* #triage "Triage" "The triage RiskAssessment and the score Observations."
