using BoneMets.Fhir.Terminology;
using Hl7.Fhir.Model;
using Task = Hl7.Fhir.Model.Task;

namespace BoneMets.Fhir.Validation;

/// <summary>Which side of the exchange a resource is on: what a sender sent, or what this service wrote.</summary>
public enum ResourceRole
{
    Received,
    WrittenBack,
}

/// <summary>
/// Which profile a resource is held to: the first of its meta.profile that is one of ours; otherwise the reading
/// the service itself makes — by type, Bundle.type, the code (Conditions as CaseAssembler reads them,
/// Observations by their bonemets-observation code) and the role (a Task the service wrote is the write-back Task).
/// Null when no profile applies (e.g. Patient, Practitioner, Provenance: base FHIR only).
/// </summary>
public static class ProfileAssignment
{
    public static string? ProfileFor(Resource resource, ResourceRole role, ProfileSet profiles)
    {
        if (resource.Meta?.Profile.FirstOrDefault(p => p is not null && profiles.Profiles.ContainsKey(p)) is { } declared)
        {
            return declared;
        }

        var codes = (resource switch
        {
            Condition c => c.Code,
            Observation o => o.Code,
            _ => null,
        })?.Coding.Select(c => (c.System ?? string.Empty, c.Code ?? string.Empty)).ToList() ?? [];
        bool In(string valueSet) => profiles.ValueSetCodes.TryGetValue($"{CodeSystems.ProjectBase}/ValueSet/{valueSet}", out var set) && codes.Any(set.Contains);
        var id = resource switch
        {
            Bundle { Type: Bundle.BundleType.Message } => "bonemets-referral-message",
            Bundle { Type: Bundle.BundleType.Document } => "bonemets-case-document",
            MessageHeader => "bonemets-referral-message-header",
            Task => role == ResourceRole.WrittenBack ? "bonemets-write-back-task" : "bonemets-referral-task",
            ServiceRequest => "bonemets-referral-service-request",
            Condition when codes.Any(IsSecondary) => "bonemets-bone-metastasis",
            Condition when codes.Any(c => c.Item1 == CodeSystems.Icd10Cm && c.Item2.StartsWith('C')) => "bonemets-primary-cancer",
            Observation when codes.Contains((CodeSystems.Observation, "bone-lesion")) => "bonemets-bone-lesion",
            Observation when In("clinical-findings") => "bonemets-clinical-finding",
            Observation when In("scores") => "bonemets-score",
            RiskAssessment => "bonemets-triage-decision",
            Composition => "bonemets-case-composition",
            CommunicationRequest => "bonemets-communication-request",
            Appointment => "bonemets-appointment",
            _ => null,
        };
        return id is null ? null : ProfileSet.Url(id);
    }

    private static bool IsSecondary((string System, string Code) c) =>
        (c.System == CodeSystems.Icd10Cm && (c.Code.StartsWith("C77", StringComparison.Ordinal) || c.Code.StartsWith("C78", StringComparison.Ordinal)
            || c.Code.StartsWith("C79", StringComparison.Ordinal) || c.Code.StartsWith("C7B", StringComparison.Ordinal)))
        || (c.System == CodeSystems.Snomed && c.Code is "128462008" or "94222008");
}
