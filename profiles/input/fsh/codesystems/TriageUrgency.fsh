CodeSystem: TriageUrgencyCS
Id: triage-urgency
Title: "Triage urgency"
Description: "The program's triage urgency: the outcome of the first prediction of the triage RiskAssessment. It sets Task.priority (emergency: stat, urgent: urgent, routine: routine) and the visit deadline (local policy: 24 h, 48 h, 7 days by default)."
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* #routine "Routine" "No red flag: seen within the routine deadline (7 days by default)."
* #urgent "Urgent" "Seen within the urgent deadline (48 hours by default)."
* #emergency "Emergency" "Seen within the emergency deadline (24 hours by default), e.g. metastatic spinal cord compression or severe hypercalcaemia."
