// The shape the score triage writes (src/BoneMets.Fhir/Triage/ScoreObservations.cs), for the femoral lesion of
// samples/referrals/10: interpretation coded in score-band, one component per Mirels item coded in score-item.
Instance: MirelsScoreExample
InstanceOf: BoneMetsScoreObservation
Title: "Mirels' score 8 for the right femoral shaft lesion (sample 10)"
Description: "Mixed lesion (2), lower limb (2), moderate pain (2), 40% of the diameter (2): 8, clinical judgement."
Usage: #example
* id = "mirels-score-example"
* status = #final
* category[survey] = $observation-category#survey "Survey"
* code = BoneMetsObservationCS#mirels-score "Mirels' score"
* subject = Reference(CaseDocument10Patient)
* focus = Reference(CaseDocument10Observation1)
* effectiveDateTime = "2025-11-21T18:34:26+00:00"
* performer = Reference(CaseDocument10BonemetsProgram)
* device = Reference(CaseDocument10BonemetsFhir)
* valueInteger = 8
* interpretation = ScoreBandCS#mirels-clinical-judgement "Mirels 8: clinical judgement (fracture risk about 15%)"
* interpretation.text = "8: clinical judgement (fracture risk about 15%)"
* component[0].code = ScoreItemCS#mirels-score.site "Mirels: site"
* component[0].code.text = "site"
* component[0].valueInteger = 2
* component[1].code = ScoreItemCS#mirels-score.pain "Mirels: pain"
* component[1].code.text = "pain"
* component[1].valueInteger = 2
* component[2].code = ScoreItemCS#mirels-score.lesion "Mirels: lesion"
* component[2].code.text = "lesion"
* component[2].valueInteger = 2
* component[3].code = ScoreItemCS#mirels-score.size "Mirels: size"
* component[3].code.text = "size"
* component[3].valueInteger = 2
* method.text = "Mirels 1989 (Mirels H. Clin Orthop Relat Res 1989;(249):256-264)"
* derivedFrom = Reference(CaseDocument10Observation1)
