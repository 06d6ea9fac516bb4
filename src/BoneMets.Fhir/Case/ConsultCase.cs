using Hl7.Fhir.Model;
using Task = Hl7.Fhir.Model.Task;

namespace BoneMets.Fhir.Case;

/// <summary>One referral's consult case: the referral and its clinical context, sorted by what the program reads.</summary>
public sealed record ConsultCase(
    string ReferralKey,
    Patient Patient,
    ServiceRequest ServiceRequest,
    Task? ReferralTask,
    IReadOnlyList<Condition> PrimaryCancers,
    IReadOnlyList<Condition> Metastases,
    IReadOnlyList<Condition> OtherConditions,
    IReadOnlyList<Observation> LesionFindings,
    IReadOnlyList<Observation> Observations,
    IReadOnlyList<ImagingStudy> ImagingStudies,
    IReadOnlyList<DiagnosticReport> DiagnosticReports,
    IReadOnlyList<Resource> Resources,
    IReadOnlyList<ContextGap> Gaps)
{
    /// <summary>
    /// Profile warnings on the message as received (errors were rejected at intake): they travel with the case and
    /// are stated in the case document, so the people reading it see what the sender got wrong.
    /// </summary>
    public IReadOnlyList<string> ContractWarnings { get; init; } = [];

    /// <summary>
    /// When the program received the referral (its inbox arrival: the message's, or a polled or subscribed referral's
    /// first sighting; ADR 0018). The same-day and visit clocks start here; null (a case triaged outside the
    /// pipeline) starts them at the triage time.
    /// </summary>
    public DateTimeOffset? ReceivedAt { get; init; }

    /// <summary>The referral asks for a virtual visit: ServiceRequest.locationCode v3-ActCode#VR.</summary>
    public bool WantsVirtualVisit => ServiceRequest.LocationCode.Any(c => c.Coding.Any(
        x => x.System == Terminology.CodeSystems.V3ActCode && x.Code == Terminology.ClinicalCodes.VirtualEncounter));

    public Resource? Find(string? reference) =>
        reference is null ? null : Resources.FirstOrDefault(r => $"{r.TypeName}/{r.Id}" == reference);
}
