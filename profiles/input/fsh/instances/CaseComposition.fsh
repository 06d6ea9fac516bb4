Instance: CaseCompositionExample
InstanceOf: BoneMetsCaseComposition
Title: "Consult case Composition (sample 10)"
Description: "The six sections of the consult case of sample 10."
Usage: #example
* id = "bm-519da1f594799f629077e50a7a745ec9"
* status = #final
* type = $loinc#11488-4
* type.text = "Consult note"
* subject = Reference(CaseDocument10Patient)
* date = "2025-11-21T18:34:26+00:00"
* author = Reference(CaseDocument10BonemetsFhir)
* title = "Bone metastasis consult case"
* custodian = Reference(CaseDocument10BonemetsProgram)
* section[referral].title = "Referral"
* section[referral].code = $case-section#referral
* section[referral].code.text = "Referral"
* section[referral].entry[0] = Reference(CaseDocument10ServiceRequest)
* section[referral].entry[+] = Reference(WriteBackTaskExample)
* section[primaryCancer].title = "Primary cancer"
* section[primaryCancer].code = $case-section#primary-cancer
* section[primaryCancer].code.text = "Primary cancer"
* section[primaryCancer].entry = Reference(CaseDocument10Condition1)
* section[boneLesions].title = "Bone lesions"
* section[boneLesions].code = $case-section#bone-lesions
* section[boneLesions].code.text = "Bone lesions"
* section[boneLesions].entry[0] = Reference(CaseDocument10Condition2)
* section[boneLesions].entry[+] = Reference(CaseDocument10Observation1)
* section[imaging].title = "Imaging and reports"
* section[imaging].code = $case-section#imaging
* section[imaging].code.text = "Imaging and reports"
* section[imaging].entry[0] = Reference(CaseDocument10ImagingStudy)
* section[imaging].entry[+] = Reference(CaseDocument10DiagnosticReport)
* section[labsPerformance].title = "Labs, performance status and findings"
* section[labsPerformance].code = $case-section#labs-performance
* section[labsPerformance].code.text = "Labs, performance status and findings"
* section[labsPerformance].entry[0] = Reference(CaseDocument10Observation2)
* section[labsPerformance].entry[+] = Reference(CaseDocument10Observation3)
* section[labsPerformance].entry[+] = Reference(CaseDocument10Observation4)
* section[labsPerformance].entry[+] = Reference(CaseDocument10Observation5)
* section[labsPerformance].entry[+] = Reference(CaseDocument10Observation6)
* section[labsPerformance].entry[+] = Reference(CaseDocument10Observation7)
* section[triage].title = "Triage"
* section[triage].code = $case-section#triage
* section[triage].code.text = "Triage"
* section[triage].entry = Reference(TriageDecisionExample)
