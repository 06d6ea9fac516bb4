Instance: LimbWeaknessExample
InstanceOf: BoneMetsClinicalFindingObservation
Title: "MSCC red flag: limb weakness present (sample 02)"
Description: "A boolean finding: valueBoolean true means present, false means looked for and absent."
Usage: #example
* id = "92b5c796-8c21-4aed-8824-46066b4d3851"
* status = #final
* category = $observation-category#exam "Exam"
* code = $bonemets-observation#limb-weakness
* subject = Reference(urn:uuid:ffa50a91-8075-4c98-882e-10b05328f6ea)
* effectiveDateTime = "2025-11-06T15:30:00-05:00"
* valueBoolean = true
