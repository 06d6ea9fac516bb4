Profile: BoneMetsClinicalFindingObservation
Parent: Observation
Id: bonemets-clinical-finding
Title: "Clinical finding"
Description: "A patient-level finding the triage reads that has no standard code, coded in bonemets-observation: an MSCC neurological red flag, a spinal pain sign, a hypercalcaemia feature or medical fitness for surgery (valueBoolean: true = present, false = looked for and absent); the Frankel grade, ambulatory status or visceral metastases (valueCodeableConcept from the matching project code system); the number of extraspinal bone metastases or of vertebral bodies involved (valueInteger). Findings with a standard code (ECOG, Karnofsky, pain score, calcium, albumin) use their LOINC codes instead."
* obeys bm-finding-1 and bm-finding-2 and bm-finding-3
* status MS
* category MS
* code MS
* code from ClinicalFindingsVS (required)
* subject 1..1 MS
* subject only Reference(Patient)
* effective[x] MS
* value[x] 1..1 MS
* value[x] only boolean or CodeableConcept or integer

Invariant: bm-finding-1
Description: "A red flag, spinal pain sign, hypercalcaemia feature, weight-bearing or fitness-for-surgery finding is valueBoolean (true = present, false = looked for and absent)."
Expression: "code.coding.where(system = 'https://fhir.bonemets.org/CodeSystem/bonemets-observation' and code in ('radicular-pain' | 'limb-weakness' | 'difficulty-walking' | 'sensory-loss' | 'bladder-bowel-dysfunction' | 'cord-compression-signs' | 'cauda-equina-signs' | 'thoracic-cervical-pain' | 'progressive-lumbar-pain' | 'severe-lumbar-pain' | 'pain-on-straining' | 'localised-spinal-tenderness' | 'nocturnal-spinal-pain' | 'confusion' | 'vomiting-dehydration' | 'acute-kidney-injury' | 'arrhythmia' | 'unable-to-bear-weight' | 'fit-for-surgery')).exists() implies value.ofType(boolean).exists()"
Severity: #error

Invariant: bm-finding-2
Description: "A count of metastases is a valueInteger of 0 or more."
Expression: "code.coding.where(system = 'https://fhir.bonemets.org/CodeSystem/bonemets-observation' and code in ('extraspinal-bone-metastases' | 'vertebral-body-metastases')).exists() implies value.ofType(integer).where($this >= 0).exists()"
Severity: #error

Invariant: bm-finding-3
Description: "The Frankel grade, ambulatory status and visceral metastases are valueCodeableConcept with a code from the project code system of the same name."
Expression: "(code.coding.where(system = 'https://fhir.bonemets.org/CodeSystem/bonemets-observation' and code = 'frankel-grade').exists() implies value.ofType(CodeableConcept).coding.where(system = 'https://fhir.bonemets.org/CodeSystem/frankel-grade' and code in ('A' | 'B' | 'C' | 'D' | 'E')).exists()) and (code.coding.where(system = 'https://fhir.bonemets.org/CodeSystem/bonemets-observation' and code = 'ambulatory-status').exists() implies value.ofType(CodeableConcept).coding.where(system = 'https://fhir.bonemets.org/CodeSystem/ambulatory-status' and code in ('independent' | 'assisted' | 'non-ambulatory')).exists()) and (code.coding.where(system = 'https://fhir.bonemets.org/CodeSystem/bonemets-observation' and code = 'visceral-metastases').exists() implies value.ofType(CodeableConcept).coding.where(system = 'https://fhir.bonemets.org/CodeSystem/visceral-metastases' and code in ('none' | 'removable' | 'unremovable')).exists())"
Severity: #error
