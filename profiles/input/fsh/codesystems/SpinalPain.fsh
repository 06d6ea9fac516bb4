CodeSystem: SpinalPainCS
Id: spinal-pain
Title: "SINS pain"
Description: "Pain item of the Spinal Instability Neoplastic Score (Fisher CG et al. Spine 2010;35(22):E1221-E1229) (component `spinal-pain`)."
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* #mechanical "Mechanical pain" "Pain that changes with movement or loading of the spine (3 points)."
* #occasional "Occasional pain, not mechanical" "Occasional pain that is not mechanical (1 point)."
* #pain-free "Pain-free lesion" "No pain from the lesion (0 points)."
