Instance: VertebralBodyMetastasesExample
InstanceOf: BoneMetsClinicalFindingObservation
Title: "Vertebral bodies with metastases (sample 02)"
Description: "A count finding (valueInteger)."
Usage: #example
* id = "a793a33f-8b45-4da9-8806-5a45c7d77b60"
* status = #final
* category = $observation-category#exam "Exam"
* code = $bonemets-observation#vertebral-body-metastases
* subject = Reference(urn:uuid:ffa50a91-8075-4c98-882e-10b05328f6ea)
* effectiveDateTime = "2025-11-06T15:30:00-05:00"
* valueInteger = 3
