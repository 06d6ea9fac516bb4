Instance: BoneLesionFemurExample
InstanceOf: BoneMetsBoneLesionObservation
Title: "Long-bone lesion: left peritrochanteric femur (sample 01)"
Description: "Lytic, 70% of the diameter, peritrochanteric, functional pain: the four Mirels components."
Usage: #example
* id = "0a5285c8-baa0-4e3d-8db7-6ccf9c6450c3"
* status = #final
* category = $observation-category#imaging "Imaging"
* code = $bonemets-observation#bone-lesion
* subject = Reference(urn:uuid:7b45dc81-abc2-4243-a4bc-23b0a34ef723)
* effectiveDateTime = "2025-11-01T10:20:00-05:00"
* bodySite = $sct#71341001 "Bone structure of femur"
* bodySite.text = "Left proximal femur, peritrochanteric region"
* derivedFrom = Reference(urn:uuid:a55e3ff6-c8a5-4589-b955-26d15415d6e6)
* component[0].code = $bonemets-observation#lesion-type
* component[=].valueCodeableConcept = $lesion-type#lytic
* component[+].code = $bonemets-observation#diameter-fraction
* component[=].valueQuantity = 70 '%' "%"
* component[+].code = $bonemets-observation#mirels-site
* component[=].valueCodeableConcept = $mirels-site#peritrochanteric
* component[+].code = $bonemets-observation#mirels-pain
* component[=].valueCodeableConcept = $mirels-pain#functional
