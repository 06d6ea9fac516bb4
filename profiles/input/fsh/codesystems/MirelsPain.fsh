CodeSystem: MirelsPainCS
Id: mirels-pain
Title: "Mirels pain"
Description: "Pain item of the Mirels score (component `mirels-pain`). There is no mapping from a 0-10 pain rating."
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* #mild "Mild" "Mild pain (1 point)."
* #moderate "Moderate" "Moderate pain (2 points)."
* #functional "Functional" "Pain on function, e.g. on weight bearing (3 points)."
