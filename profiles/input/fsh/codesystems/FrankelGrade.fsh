CodeSystem: FrankelGradeCS
Id: frankel-grade
Title: "Frankel grade"
Description: "Frankel grade of neurological function (Frankel HL et al. Paraplegia 1969;7:179-192; patient-level finding `frankel-grade`). Read by the MSCC rule (A-D is a neurological deficit: an emergency, NICE NG234), the neurological assessment, NOMS (neurologic) and the Tokuhashi palsy item."
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* #A "Complete" "Complete loss of motor and sensory function below the lesion."
* #B "Sensory only" "Sensory function preserved, no motor function below the lesion."
* #C "Motor useless" "Motor function preserved but not useful."
* #D "Motor useful" "Useful motor function preserved."
* #E "Normal" "Normal motor and sensory function."
