ValueSet: BoneLesionComponentsVS
Id: bone-lesion-components
Title: "Bone-lesion characteristics"
Description: "The component codes of a bone-lesion Observation: the lesion characteristics the triage and the scores read."
* ^experimental = false
* BoneMetsObservationCS#lesion-type "Lesion type"
* BoneMetsObservationCS#diameter-fraction "Share of the bone's diameter involved"
* BoneMetsObservationCS#mirels-site "Mirels site"
* BoneMetsObservationCS#mirels-pain "Mirels pain"
* BoneMetsObservationCS#spinal-level "Spinal level"
* BoneMetsObservationCS#spinal-pain "SINS pain"
* BoneMetsObservationCS#spinal-alignment "SINS radiographic alignment"
* BoneMetsObservationCS#vertebral-collapse "SINS vertebral body collapse"
* BoneMetsObservationCS#posterolateral-involvement "SINS posterolateral involvement"
* BoneMetsObservationCS#escc-grade "Bilsky ESCC grade"
