ValueSet: ScoresVS
Id: scores
Title: "Scores the program writes"
Description: "Observation codes of the scores and decision frameworks the program computes and writes as score Observations."
* ^experimental = false
* BoneMetsObservationCS#corrected-calcium "Albumin-corrected calcium"
* BoneMetsObservationCS#mirels-score "Mirels' score"
* BoneMetsObservationCS#sins-score "Spinal Instability Neoplastic Score"
* BoneMetsObservationCS#tokuhashi-revised-score "Revised Tokuhashi score"
* BoneMetsObservationCS#modified-bauer-score "Modified Bauer score"
* BoneMetsObservationCS#nesms-score "New England Spinal Metastasis Score"
* BoneMetsObservationCS#noms-pathway "NOMS suggested pathway"
