ValueSet: BserBusinessStatusVS
Id: bser-business-status
Title: "BSeR referral business statuses in use"
Description: "The BSeR Task.businessStatus codes (TaskBusinessStatusCS) of the referral lifecycle: the placer sends 2.0 (request created); the program answers 3.0 (request accepted), then 5.1.1 when a visit is booked, 5.1.2 or 5.1.4 when the scheduling server reports the visit missed or held, and 6.0 when the referrer cancels. 4.0, 5.1.3, 5.2 and 7.0 complete BSeR's lifecycle model (docs/lifecycle.md)."
* ^experimental = false
* $bser-business-status#2.0 "Service Request Created"
* $bser-business-status#3.0 "Service Request Accepted"
* $bser-business-status#4.0 "Service Request Declined"
* $bser-business-status#5.1.1 "Service Request Event Scheduled"
* $bser-business-status#5.1.2 "Scheduled Service Request Event Unattended"
* $bser-business-status#5.1.3 "Scheduled Service Request Event Cancelled"
* $bser-business-status#5.1.4 "Service Request Event Completed"
* $bser-business-status#5.2 "Service Request Cancellation Requested"
* $bser-business-status#6.0 "Service Request Fulfillment Cancelled"
* $bser-business-status#7.0 "Service Request Fulfillment Completed"
