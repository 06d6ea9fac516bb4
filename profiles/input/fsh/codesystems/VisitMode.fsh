CodeSystem: VisitModeCS
Id: visit-mode
Title: "Visit mode"
Description: "How the program's first visit takes place (Appointment.serviceType). A referral asks for a virtual visit with ServiceRequest.locationCode = v3-ActCode#VR."
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* #in-person "In-person visit" "The patient comes to the program's clinic."
* #virtual "Virtual visit" "The visit takes place by video or telephone."
