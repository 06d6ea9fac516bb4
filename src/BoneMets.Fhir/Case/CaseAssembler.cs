using BoneMets.Fhir.Terminology;
using Hl7.Fhir.Model;
using Task = Hl7.Fhir.Model.Task;

namespace BoneMets.Fhir.Case;

/// <summary>Sorts the gathered resources into a consult case. Pure.</summary>
public static class CaseAssembler
{
    public static ConsultCase Assemble(ClinicalContext context)
    {
        var resources = context.Resources;
        var message = context.Message;
        var patient = Local<Patient>(resources, message.Patient.Id) ?? resources.OfType<Patient>().First();
        var serviceRequest = Local<ServiceRequest>(resources, message.ServiceRequest.Id) ?? resources.OfType<ServiceRequest>().First();
        var task = message.ReferralTask is null ? null : Local<Task>(resources, message.ReferralTask.Id) ?? resources.OfType<Task>().FirstOrDefault();
        return Assemble(message.ReferralKey, patient, serviceRequest, task, resources, context.Gaps);
    }

    /// <summary>
    /// The case from resources already chosen (a case document's entries, <see cref="CaseDocumentReader"/>): the same
    /// sorting as for a message, whatever the path the resources came by.
    /// </summary>
    public static ConsultCase Assemble(
        string referralKey, Patient patient, ServiceRequest serviceRequest, Task? task, IReadOnlyList<Resource> resources, IReadOnlyList<ContextGap> gaps)
    {
        var conditions = resources.OfType<Condition>().ToList();
        var metastases = conditions.Where(IsSecondaryCancer).ToList();
        var primaries = conditions.Where(c => !IsSecondaryCancer(c) && IsPrimaryCancer(c)).ToList();
        var observations = resources.OfType<Observation>().ToList();
        var lesions = observations.Where(o => o.Code.Coding.Any(c => c.System == CodeSystems.Observation && c.Code == ObservationCodes.BoneLesion)).ToList();

        return new ConsultCase(
            referralKey, patient, serviceRequest, task,
            primaries, metastases, conditions.Except(metastases).Except(primaries).ToList(),
            lesions, observations.Except(lesions).ToList(),
            resources.OfType<ImagingStudy>().ToList(), resources.OfType<DiagnosticReport>().ToList(),
            resources, gaps);
    }

    /// <summary>ICD-10-CM C77–C79 and C7B, or SNOMED 128462008 / 94222008 (mCODE SecondaryCancerCondition).</summary>
    public static bool IsSecondaryCancer(Condition condition) => condition.Code?.Coding.Any(c =>
        (c.System == CodeSystems.Icd10Cm && c.Code is { } icd && (icd.StartsWith("C77", StringComparison.Ordinal)
            || icd.StartsWith("C78", StringComparison.Ordinal) || icd.StartsWith("C79", StringComparison.Ordinal) || icd.StartsWith("C7B", StringComparison.Ordinal)))
        || (c.System == CodeSystems.Snomed && c.Code is ClinicalCodes.SnomedSecondaryMalignancy or ClinicalCodes.SnomedSecondaryMalignancyOfBone)) == true;

    /// <summary>ICD-10-CM malignant neoplasms (C00–C96) that are not secondaries.</summary>
    public static bool IsPrimaryCancer(Condition condition) => condition.Code?.Coding.Any(c =>
        c.System == CodeSystems.Icd10Cm && c.Code is { Length: >= 3 } icd && icd[0] == 'C') == true;

    private static T? Local<T>(IEnumerable<Resource> resources, string? originalId) where T : Resource =>
        originalId is null ? null : resources.OfType<T>().FirstOrDefault(r => r.Id == originalId);
}
