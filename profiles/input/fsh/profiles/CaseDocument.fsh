Profile: BoneMetsCaseDocument
Parent: Bundle
Id: bonemets-case-document
Title: "Consult case document"
Description: "The consult case as a FHIR document: the consult case Composition first, then every resource any entry references (the referral, the Patient, the Conditions, findings, imaging, the triage decision and scores, the program's Organization and Device), so that every reference resolves inside the Bundle. fullUrls are the program server's URLs; references inside are relative (Type/id)."
* obeys bm-doc-1 and bm-doc-2
* identifier 1..1 MS
* identifier.system 1..1 MS
* identifier.system = "https://fhir.bonemets.org/identifier/write-back"
* identifier.value 1..1 MS
* type = #document (exactly)
* type MS
* timestamp 1..1 MS
* entry 2..* MS
* entry.fullUrl 1..1 MS
* entry.resource 1..1 MS
* entry.search 0..0
* entry.request 0..0
* entry.response 0..0

Invariant: bm-doc-1
Description: "The first entry is the consult case Composition (LOINC 11488-4, consult note)."
Expression: "entry.first().resource.ofType(Composition).type.coding.where(system = 'http://loinc.org' and code = '11488-4').exists()"
Severity: #error

Invariant: bm-doc-2
Description: "The document carries the Patient it is about."
Expression: "entry.resource.ofType(Patient).exists()"
Severity: #error
