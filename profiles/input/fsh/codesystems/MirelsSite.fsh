CodeSystem: MirelsSiteCS
Id: mirels-site
Title: "Mirels site"
Description: "Site item of the Mirels score (Mirels H. Clin Orthop Relat Res 1989;(249):256-264) for a long-bone lesion (component `mirels-site`)."
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* #upper-limb "Upper limb" "Lesion in a long bone of the upper limb (1 point)."
* #lower-limb "Lower limb" "Lesion in a long bone of the lower limb, not peritrochanteric (2 points)."
* #peritrochanteric "Peritrochanteric" "Lesion in the peritrochanteric region of the femur (3 points)."
