Profile: BoneMetsScoreObservation
Parent: Observation
Id: bonemets-score
Title: "Score Observation"
Description: "A score the program computes (decision support): Mirels for a long-bone lesion; SINS and the NOMS pathway for a spinal lesion (focus: the lesion); the revised Tokuhashi, modified Bauer and New England Spinal Metastasis scores and the albumin-corrected calcium for the patient. A score is never computed from partial inputs: without a total, dataAbsentReason says so and note lists the missing inputs. method names the version implemented, interpretation the published band, derivedFrom every Observation an input came from, and the workflow-supportingInfo extension every Condition (R4's derivedFrom cannot point at a Condition)."
* obeys bm-score-1 and bm-score-2 and bm-score-3 and bm-score-4
* extension contains http://hl7.org/fhir/StructureDefinition/workflow-supportingInfo named supportingInfo 0..* MS
* extension[supportingInfo] ^short = "A Condition an input came from (e.g. the primary cancer): R4 derivedFrom cannot point at a Condition"
* status MS
* category 1..* MS
* category ^slicing.discriminator.type = #pattern
* category ^slicing.discriminator.path = "$this"
* category ^slicing.rules = #open
* category contains survey 0..1 MS and laboratory 0..1 MS
* category[survey] = $observation-category#survey
* category[survey] ^short = "Every score except the corrected calcium"
* category[laboratory] = $observation-category#laboratory
* category[laboratory] ^short = "The albumin-corrected calcium (a derived laboratory value)"
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
* valueCodeableConcept from ScoreBandVS (required)
* valueCodeableConcept ^short = "The NOMS suggested pathway, coded as its band"
* dataAbsentReason MS
* interpretation MS
* interpretation from ScoreBandVS (required)
* interpretation ^short = "The published band the total falls in (e.g. Mirels >= 9: prophylactic fixation recommended)"
* component MS
* component ^short = "One per published item of the score: its points, the input seen, or dataAbsentReason when the input is missing"
* component.code from ScoreItemVS (required)
* component.value[x] only integer or string or Quantity
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
Description: "A computed score names the resources its inputs came from (derivedFrom, or the supportingInfo extension for Conditions); a score that could not be computed may have read nothing."
Expression: "value.exists() implies (derivedFrom.exists() or extension('http://hl7.org/fhir/StructureDefinition/workflow-supportingInfo').exists())"
Severity: #error

Invariant: bm-score-4
Description: "A score is in category survey; the corrected calcium, a derived laboratory value, in category laboratory."
Expression: "category.coding.where(system = 'http://terminology.hl7.org/CodeSystem/observation-category' and (code = 'survey' or code = 'laboratory')).exists()"
Severity: #error
