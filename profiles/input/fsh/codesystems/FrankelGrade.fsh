CodeSystem: FrankelGradeCS
Id: frankel-grade
Title: "Frankel grade"
Description: "Frankel grade of neurological function (patient-level finding `frankel-grade`), read by the Tokuhashi score."
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* #A "Complete" "Complete loss of motor and sensory function below the lesion."
* #B "Sensory only" "Sensory function preserved, no motor function below the lesion."
* #C "Motor useless" "Motor function preserved but not useful."
* #D "Motor useful" "Useful motor function preserved."
* #E "Normal" "Normal motor and sensory function."
