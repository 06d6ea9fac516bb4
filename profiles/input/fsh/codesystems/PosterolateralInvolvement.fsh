CodeSystem: PosterolateralInvolvementCS
Id: posterolateral-involvement
Title: "SINS posterolateral involvement"
Description: "Posterolateral involvement of spinal elements item of SINS (facet, pedicle or costovertebral joint fracture or replacement with tumour) (component `posterolateral-involvement`)."
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* #bilateral "Bilateral" "Bilateral involvement (3 points)."
* #unilateral "Unilateral" "Unilateral involvement (1 point)."
* #none "None" "No posterolateral involvement (0 points)."
