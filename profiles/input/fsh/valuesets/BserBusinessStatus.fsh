ValueSet: BserBusinessStatusVS
Id: bser-business-status
Title: "BSeR referral business statuses in use"
Description: "The BSeR Task.businessStatus codes (TaskBusinessStatusCS) the referral workflow uses today: the placer sends 2.0 (request created), the program answers 3.0 (request accepted). Later stages (scheduling, completion, decline) add codes here as the program writes them."
* ^experimental = false
* $bser-business-status#2.0 "Service Request Created"
* $bser-business-status#3.0 "Service Request Accepted"
