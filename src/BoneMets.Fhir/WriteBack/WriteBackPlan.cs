using Hl7.Fhir.Model;
using Task = Hl7.Fhir.Model.Task;

namespace BoneMets.Fhir.WriteBack;

/// <summary>Everything one processed referral writes: what was received (localized) and what the program produced.</summary>
public sealed record WriteBackPlan(
    IReadOnlyList<Resource> Received,
    Task Task,
    CommunicationRequest Acknowledgement,
    CommunicationRequest Outreach,
    IReadOnlyList<CommunicationRequest> InformationRequests,
    Appointment Appointment,
    RiskAssessment TriageRecord,
    IReadOnlyList<Observation> ScoreObservations,
    Bundle CaseDocument,
    Provenance Provenance)
{
    public IReadOnlyList<Resource> Produced =>
    [
        Task, Acknowledgement, Outreach, .. InformationRequests, Appointment, TriageRecord, .. ScoreObservations, CaseDocument, Provenance,
    ];

    /// <summary>
    /// What one transaction writes: the received resources, except those the program supersedes (the placer's Task,
    /// which is written once, as accepted), then everything produced.
    /// </summary>
    public IReadOnlyList<Resource> All
    {
        get
        {
            var produced = Produced;
            var superseded = produced.Select(r => $"{r.TypeName}/{r.Id}").ToHashSet(StringComparer.Ordinal);
            return [.. Received.Where(r => !superseded.Contains($"{r.TypeName}/{r.Id}")), .. produced];
        }
    }
}
