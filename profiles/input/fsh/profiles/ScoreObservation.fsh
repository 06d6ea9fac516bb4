Profile: BoneMetsScoreObservation
Parent: Observation
Id: bonemets-score
Title: "Score Observation"
Description: "A score the program computes (decision support): Mirels for a long-bone lesion; SINS and the NOMS pathway for a spinal lesion (focus: the lesion); the revised Tokuhashi, modified Bauer and New England Spinal Metastasis scores and the albumin-corrected calcium for the patient. A score is never computed from partial inputs: without a total, dataAbsentReason says so and note lists the missing inputs. method names the version implemented, interpretation the published band, derivedFrom every Observation an input came from, and the workflow-supportingInfo extension every Condition (R4's derivedFrom cannot point at a Condition)."
* obeys bm-score-1 and bm-score-2 and bm-score-3
* extension contains http://hl7.org/fhir/StructureDefinition/workflow-supportingInfo named supportingInfo 0..* MS
* extension[supportingInfo] ^short = "A Condition an input came from (e.g. the primary cancer): R4 derivedFrom cannot point at a Condition"
* status MS
* category 1..* MS
* category ^slicing.discriminator.type = #pattern
* category ^slicing.discriminator.path = "$this"
* category ^slicing.rules = #open
* category contains survey 1..1 MS
* category[survey] = $observation-category#survey
* code MS
* code from ScoresVS (required)
* subject 1..1 MS
* subject only Reference(Patient)
* focus MS
* focus only Reference(BoneMetsBoneLesionObservation)
* focus ^short = "The lesion a per-lesion score (Mirels, SINS, NOMS) is about"
* effective[x] 1..1 MS
* effective[x] only dateTime
* performer MS
* performer only Reference(Organization)
* performer ^short = "The program (its Organization)"
* device MS
* device ^short = "The program's service (a Device) that computed the score"
* value[x] MS
* value[x] only integer or Quantity or CodeableConcept
* dataAbsentReason MS
* interpretation MS
* interpretation ^short = "The published band the total falls in (e.g. Mirels >= 9: prophylactic fixation recommended)"
* note MS
* note ^short = "Missing inputs and the policies applied"
* method MS
* method ^short = "The version implemented and its source, e.g. Mirels 1989"
* derivedFrom MS
* derivedFrom ^short = "Every Observation (or ImagingStudy) an input came from, in order of use"

Invariant: bm-score-1
Description: "A score has a value, or a dataAbsentReason saying why not."
Expression: "value.exists() or dataAbsentReason.exists()"
Severity: #error

Invariant: bm-score-2
Description: "The corrected calcium is a valueQuantity in UCUM mg/dL; the NOMS pathway a valueCodeableConcept; every other score a valueInteger."
Expression: "value.exists() implies ((code.coding.where(system = 'https://fhir.bonemets.org/CodeSystem/bonemets-observation' and code = 'corrected-calcium').exists() implies value.ofType(Quantity).where(system = 'http://unitsofmeasure.org' and code = 'mg/dL').exists()) and (code.coding.where(system = 'https://fhir.bonemets.org/CodeSystem/bonemets-observation' and code = 'noms-pathway').exists() implies value.ofType(CodeableConcept).exists()) and (code.coding.where(system = 'https://fhir.bonemets.org/CodeSystem/bonemets-observation' and code in ('mirels-score' | 'sins-score' | 'tokuhashi-revised-score' | 'modified-bauer-score' | 'nesms-score')).exists() implies value.ofType(integer).exists()))"
Severity: #error

Invariant: bm-score-3
Description: "A score names the resources its inputs came from (derivedFrom, or the supportingInfo extension for Conditions)."
Expression: "derivedFrom.exists() or extension('http://hl7.org/fhir/StructureDefinition/workflow-supportingInfo').exists()"
Severity: #error
