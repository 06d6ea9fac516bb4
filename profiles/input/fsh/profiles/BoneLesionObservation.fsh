Profile: BoneMetsBoneLesionObservation
Parent: Observation
Id: bonemets-bone-lesion
Title: "Bone lesion finding"
Description: "One bone lesion: Observation.code bonemets-observation#bone-lesion, bodySite the bone, and one component per characteristic the triage and the scores read, each coded in bonemets-observation. A long-bone lesion carries the Mirels components (lesion-type, diameter-fraction, mirels-site, mirels-pain); a spinal lesion the SINS and ESCC components (lesion-type, spinal-level, spinal-pain, spinal-alignment, vertebral-collapse, posterolateral-involvement, escc-grade). A component not sent is missing, never read as its lowest category; each characteristic is sent at most once."
* obeys bm-lesion-1 and bm-lesion-2
* status MS
* category MS
* code MS
* code = BoneMetsObservationCS#bone-lesion
* subject 1..1 MS
* subject only Reference(Patient)
* effective[x] MS
* bodySite MS
* bodySite ^short = "The bone: SNOMED CT body structure (e.g. 71341001 femur, 85050009 humerus), or text"
* value[x] 0..0
* derivedFrom MS
* derivedFrom ^short = "The ImagingStudy the lesion was seen on (a DiagnosticReport lists the lesion under result)"
* component MS
* component ^slicing.discriminator.type = #pattern
* component ^slicing.discriminator.path = "code"
* component ^slicing.rules = #open
* component ^slicing.description = "One component per lesion characteristic, by code"
* component contains
    lesionType 0..1 MS and
    diameterFraction 0..1 MS and
    mirelsSite 0..1 MS and
    mirelsPain 0..1 MS and
    spinalLevel 0..1 MS and
    spinalPain 0..1 MS and
    spinalAlignment 0..1 MS and
    vertebralCollapse 0..1 MS and
    posterolateralInvolvement 0..1 MS and
    esccGrade 0..1 MS
* component[lesionType].code = BoneMetsObservationCS#lesion-type
* component[lesionType].value[x] 1..1
* component[lesionType].value[x] only CodeableConcept
* component[lesionType].value[x] from LesionTypeVS (required)
* component[diameterFraction].code = BoneMetsObservationCS#diameter-fraction
* component[diameterFraction].value[x] 1..1
* component[diameterFraction].value[x] only Quantity
* component[diameterFraction].value[x] = $ucum#%
* component[diameterFraction] obeys bm-lesion-3
* component[mirelsSite].code = BoneMetsObservationCS#mirels-site
* component[mirelsSite].value[x] 1..1
* component[mirelsSite].value[x] only CodeableConcept
* component[mirelsSite].value[x] from MirelsSiteVS (required)
* component[mirelsPain].code = BoneMetsObservationCS#mirels-pain
* component[mirelsPain].value[x] 1..1
* component[mirelsPain].value[x] only CodeableConcept
* component[mirelsPain].value[x] from MirelsPainVS (required)
* component[spinalLevel].code = BoneMetsObservationCS#spinal-level
* component[spinalLevel].value[x] 1..1
* component[spinalLevel].value[x] only CodeableConcept
* component[spinalLevel].value[x] from SpinalLevelVS (required)
* component[spinalPain].code = BoneMetsObservationCS#spinal-pain
* component[spinalPain].value[x] 1..1
* component[spinalPain].value[x] only CodeableConcept
* component[spinalPain].value[x] from SpinalPainVS (required)
* component[spinalAlignment].code = BoneMetsObservationCS#spinal-alignment
* component[spinalAlignment].value[x] 1..1
* component[spinalAlignment].value[x] only CodeableConcept
* component[spinalAlignment].value[x] from SpinalAlignmentVS (required)
* component[vertebralCollapse].code = BoneMetsObservationCS#vertebral-collapse
* component[vertebralCollapse].value[x] 1..1
* component[vertebralCollapse].value[x] only CodeableConcept
* component[vertebralCollapse].value[x] from VertebralCollapseVS (required)
* component[posterolateralInvolvement].code = BoneMetsObservationCS#posterolateral-involvement
* component[posterolateralInvolvement].value[x] 1..1
* component[posterolateralInvolvement].value[x] only CodeableConcept
* component[posterolateralInvolvement].value[x] from PosterolateralInvolvementVS (required)
* component[esccGrade].code = BoneMetsObservationCS#escc-grade
* component[esccGrade].value[x] 1..1
* component[esccGrade].value[x] only CodeableConcept
* component[esccGrade].value[x] from EsccGradeVS (required)

Invariant: bm-lesion-1
Description: "A lesion is in a long bone (Mirels components) or in the spine (spinal-level, SINS and ESCC components), not both."
Expression: "(component.code.coding.where(system = 'https://fhir.bonemets.org/CodeSystem/bonemets-observation' and code in ('diameter-fraction' | 'mirels-site' | 'mirels-pain')).exists() and component.code.coding.where(system = 'https://fhir.bonemets.org/CodeSystem/bonemets-observation' and code in ('spinal-level' | 'spinal-pain' | 'spinal-alignment' | 'vertebral-collapse' | 'posterolateral-involvement' | 'escc-grade')).exists()).not()"
Severity: #error

Invariant: bm-lesion-2
Description: "The lesion carries long-bone (Mirels) or spinal (SINS, ESCC) components; without them no lesion score is computed (e.g. a pelvic lesion)."
Expression: "component.code.coding.where(system = 'https://fhir.bonemets.org/CodeSystem/bonemets-observation' and code in ('diameter-fraction' | 'mirels-site' | 'mirels-pain' | 'spinal-level' | 'spinal-pain' | 'spinal-alignment' | 'vertebral-collapse' | 'posterolateral-involvement' | 'escc-grade')).exists()"
Severity: #warning

Invariant: bm-lesion-3
Description: "The share of the bone's diameter is a measured percentage from 0 to 100 (no comparator)."
Expression: "value.ofType(Quantity).all(value >= 0 and value <= 100 and comparator.empty())"
Severity: #error
