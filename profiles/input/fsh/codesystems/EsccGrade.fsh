CodeSystem: EsccGradeCS
Id: escc-grade
Title: "Bilsky epidural spinal cord compression grade"
Description: "Epidural spinal cord compression grade on MRI (Bilsky MH et al. J Neurosurg Spine 2010;13:324-328) (component `escc-grade`). Grades 2 and 3 are high grade."
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* #0 "Grade 0" "Bone-only disease."
* #1a "Grade 1a" "Epidural impingement without deformation of the thecal sac."
* #1b "Grade 1b" "Deformation of the thecal sac without spinal cord abutment."
* #1c "Grade 1c" "Deformation of the thecal sac with spinal cord abutment, without cord compression."
* #2 "Grade 2" "Spinal cord compression with cerebrospinal fluid visible around the cord."
* #3 "Grade 3" "Spinal cord compression without cerebrospinal fluid visible around the cord."
