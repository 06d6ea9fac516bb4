// External code systems (src/BoneMets.Fhir/Terminology/CodeSystems.cs) and the identifier systems the program assigns.
Alias: $sct = http://snomed.info/sct
Alias: $loinc = http://loinc.org
Alias: $icd-10-cm = http://hl7.org/fhir/sid/icd-10-cm
Alias: $ucum = http://unitsofmeasure.org
Alias: $v2-0003 = http://terminology.hl7.org/CodeSystem/v2-0003
Alias: $v2-0203 = http://terminology.hl7.org/CodeSystem/v2-0203
Alias: $v3-ActCode = http://terminology.hl7.org/CodeSystem/v3-ActCode
Alias: $task-code = http://hl7.org/fhir/CodeSystem/task-code
Alias: $observation-category = http://terminology.hl7.org/CodeSystem/observation-category
Alias: $condition-category = http://terminology.hl7.org/CodeSystem/condition-category
Alias: $communication-category = http://terminology.hl7.org/CodeSystem/communication-category
Alias: $location-physical-type = http://terminology.hl7.org/CodeSystem/location-physical-type
Alias: $list-empty-reason = http://terminology.hl7.org/CodeSystem/list-empty-reason
Alias: $bser-business-status = http://hl7.org/fhir/us/bser/CodeSystem/TaskBusinessStatusCS
Alias: $referral-id = https://fhir.bonemets.org/identifier/referral
Alias: $write-back-id = https://fhir.bonemets.org/identifier/write-back
