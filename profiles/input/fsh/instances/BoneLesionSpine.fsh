Instance: BoneLesionSpineExample
InstanceOf: BoneMetsBoneLesionObservation
Title: "Spinal lesion: T8 (sample 02)"
Description: "Blastic T8 lesion with the SINS components and Bilsky ESCC grade 2."
Usage: #example
* id = "5abb8e3d-884c-4cae-9ea3-8ac75a148b03"
* status = #final
* category = $observation-category#imaging "Imaging"
* code = $bonemets-observation#bone-lesion
* subject = Reference(urn:uuid:ffa50a91-8075-4c98-882e-10b05328f6ea)
* effectiveDateTime = "2025-11-06T13:10:00-05:00"
* bodySite.text = "Thoracic spine, T8 vertebral body"
* derivedFrom = Reference(urn:uuid:7524d29f-4b72-440e-8c8c-31c96aaf0101)
* component[0].code = $bonemets-observation#lesion-type
* component[=].valueCodeableConcept = $lesion-type#blastic
* component[+].code = $bonemets-observation#spinal-level
* component[=].valueCodeableConcept = $spinal-level#T8
* component[+].code = $bonemets-observation#spinal-pain
* component[=].valueCodeableConcept = $spinal-pain#mechanical
* component[+].code = $bonemets-observation#spinal-alignment
* component[=].valueCodeableConcept = $spinal-alignment#normal
* component[+].code = $bonemets-observation#vertebral-collapse
* component[=].valueCodeableConcept = $vertebral-collapse#under-50
* component[+].code = $bonemets-observation#posterolateral-involvement
* component[=].valueCodeableConcept = $posterolateral-involvement#unilateral
* component[+].code = $bonemets-observation#escc-grade
* component[=].valueCodeableConcept = $escc-grade#2
