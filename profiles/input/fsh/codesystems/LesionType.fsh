CodeSystem: LesionTypeCS
Id: lesion-type
Title: "Bone lesion type"
Description: "Radiographic type of a bone lesion (component `lesion-type` of a bone-lesion Observation), as the Mirels score reads it."
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* #lytic "Lytic" "Bone destruction predominates (Mirels lesion item: 3 points)."
* #blastic "Blastic" "Bone formation predominates (Mirels lesion item: 1 point)."
* #mixed "Mixed" "Both lytic and blastic (Mirels lesion item: 2 points)."
