Instance: FrankelGradeExample
InstanceOf: BoneMetsClinicalFindingObservation
Title: "Frankel grade C (sample 02)"
Description: "A coded patient-level finding."
Usage: #example
* id = "04ac3fca-b176-4c72-8365-a86d9f10b736"
* status = #final
* category = $observation-category#exam "Exam"
* code = $bonemets-observation#frankel-grade
* subject = Reference(urn:uuid:ffa50a91-8075-4c98-882e-10b05328f6ea)
* effectiveDateTime = "2025-11-06T15:30:00-05:00"
* valueCodeableConcept = $frankel-grade#C
