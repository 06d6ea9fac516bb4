// The service does not write score Observations yet (TriageDecision.Observations is empty): this is the
// shape a score engine result takes when it does, for the femoral lesion of samples/referrals/10.
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
* interpretation.text = "8: clinical judgement (fracture risk about 15%)"
* method.text = "Mirels 1989 (Mirels H. Clin Orthop Relat Res 1989;(249):256-264)"
* derivedFrom = Reference(CaseDocument10Observation1)
