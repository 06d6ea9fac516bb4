Profile: BoneMetsWriteBackTask
Parent: BoneMetsReferralTask
Id: bonemets-write-back-task
Title: "Write-back referral Task"
Description: "The referral Task as the program writes it back (BSeR: the filler updates the placer's Task, keeping its id, or creates one when the message carried none): status and businessStatus (accepted, 3.0), owner the program's Organization, priority from the triage urgency (emergency stat, urgent urgent, routine routine), restriction.period.end the deadline, the program's filler identifier, and the triage RiskAssessment as output."
* obeys bm-wbt-1 and bm-wbt-2
* identifier 1..* MS
* identifier contains filler 0..1 MS
* identifier[filler] ^short = "The program's identifier for the referral (system https://fhir.bonemets.org/identifier/referral); required by bm-wbt-2"
* identifier[filler].type = $v2-0203#FILL
* identifier[filler].system 1..1 MS
* identifier[filler].system = "https://fhir.bonemets.org/identifier/referral"
* identifier[filler].value 1..1 MS
* businessStatus 1..1 MS
* businessStatus from BserBusinessStatusVS (required)
* priority 1..1 MS
* lastModified 1..1 MS
* owner 1..1 MS
* owner only Reference(Organization)
* restriction 1..1 MS
* restriction.period 1..1 MS
* restriction.period.end 1..1 MS
* output 1..* MS

Invariant: bm-wbt-1
Description: "An output is the triage result: a Reference to the triage RiskAssessment (relative here; absolute, on the program's server, in the copy delivered to a partner)."
Expression: "output.value.ofType(Reference).where(reference.matches('(^|/)RiskAssessment/[A-Za-z0-9.-]{1,64}$')).exists()"
Severity: #error

// Required by an invariant rather than a 1..1 slice: SUSHI would then put the filler identifier before the
// placer's in the examples, while the program appends it after the identifiers the placer sent.
Invariant: bm-wbt-2
Description: "The Task carries the program's filler identifier (type v2-0203#FILL, system https://fhir.bonemets.org/identifier/referral)."
Expression: "identifier.where(system = 'https://fhir.bonemets.org/identifier/referral' and type.coding.where(system = 'http://terminology.hl7.org/CodeSystem/v2-0203' and code = 'FILL').exists() and value.exists()).exists()"
Severity: #error
