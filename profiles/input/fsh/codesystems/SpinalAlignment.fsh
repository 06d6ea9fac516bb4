CodeSystem: SpinalAlignmentCS
Id: spinal-alignment
Title: "SINS radiographic alignment"
Description: "Radiographic spinal alignment item of SINS (component `spinal-alignment`)."
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* #subluxation "Subluxation or translation present" "Subluxation or translation (4 points)."
* #deformity "De novo deformity" "De novo kyphosis or scoliosis (2 points)."
* #normal "Normal alignment" "Normal alignment (0 points)."
