CodeSystem: CareTeamCS
Id: care-team
Title: "Program care team"
Description: "The program's sub-specialist teams a referral is routed to. Each team is a HealthcareService of the program (there is no NUCC taxonomy code for orthopaedic oncology)."
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* #orthopaedic-oncology "Orthopaedic oncology" "Orthopaedic oncology: long-bone and pelvic metastases, impending and pathological fractures."
* #neurosurgical-spine "Neurosurgical spine" "Spine surgery: spinal metastases, instability and cord compression."
* #radiation-oncology "Radiation oncology" "Radiotherapy and stereotactic radiosurgery."
* #interventional-radiology "Interventional radiology" "Image-guided procedures: ablation, cementoplasty, embolisation."
* #medical-oncology "Medical oncology" "Systemic treatment and hypercalcaemia of malignancy."
