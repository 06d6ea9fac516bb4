ValueSet: ReferralCodesVS
Id: referral-codes
Title: "Referral request codes"
Description: "ServiceRequest.code of a referral to the program (SNOMED CT, as in BSeR)."
* ^experimental = false
* $sct#3457005 "Patient referral"
* $sct#103696004 "Patient referral to specialist"
