CodeSystem: VertebralCollapseCS
Id: vertebral-collapse
Title: "SINS vertebral body collapse"
Description: "Vertebral body collapse item of SINS (component `vertebral-collapse`)."
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* #over-50 "Collapse over 50%" "More than 50% collapse (3 points)."
* #under-50 "Collapse under 50%" "Less than 50% collapse (2 points)."
* #none-over-50-involved "No collapse, over 50% of the body involved" "No collapse with more than 50% of the vertebral body involved (1 point)."
* #none "None of the above" "None of the above (0 points)."
