Profile: BoneMetsCaseComposition
Parent: Composition
Id: bonemets-case-composition
Title: "Consult case Composition"
Description: "The Composition of the consult case document: a consult note (LOINC 11488-4) about the Patient, authored by the program's service (Device), kept by the program (custodian), with six sections in this order: referral, primary cancer, bone lesions, imaging and reports, labs/performance/findings, triage. An empty section says why (emptyReason and text)."
* status MS
* type MS
* type = $loinc#11488-4
* subject 1..1 MS
* subject only Reference(Patient)
* date MS
* author MS
* title MS
* custodian 1..1 MS
* custodian only Reference(Organization)
* section 6..* MS
* section ^slicing.discriminator.type = #pattern
* section ^slicing.discriminator.path = "code"
* section ^slicing.rules = #open
* section ^slicing.ordered = true
* section ^slicing.description = "The six sections of the consult case, in order"
* section.title 1..1 MS
* section.code 1..1 MS
* section.code from CaseSectionVS (required)
* section.entry MS
* section.emptyReason MS
* section contains
    referral 1..1 MS and
    primaryCancer 1..1 MS and
    boneLesions 1..1 MS and
    imaging 1..1 MS and
    labsPerformance 1..1 MS and
    triage 1..1 MS
* section[referral].code = CaseSectionCS#referral
* section[referral].entry only Reference(ServiceRequest or Task)
* section[primaryCancer].code = CaseSectionCS#primary-cancer
* section[primaryCancer].entry only Reference(Condition)
* section[boneLesions].code = CaseSectionCS#bone-lesions
* section[boneLesions].entry only Reference(Condition or Observation)
* section[imaging].code = CaseSectionCS#imaging
* section[imaging].entry only Reference(ImagingStudy or DiagnosticReport)
* section[labsPerformance].code = CaseSectionCS#labs-performance
* section[labsPerformance].entry only Reference(Observation or Condition)
* section[triage].code = CaseSectionCS#triage
* section[triage].entry only Reference(RiskAssessment or Observation)
