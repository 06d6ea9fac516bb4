using BoneMets.Fhir.Intake;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Case;

/// <summary>Something the case should hold but could not be had, visible to the triage and to people.</summary>
public sealed record ContextGap(string What, string Why);

/// <summary>Everything gathered for one referral: the message's resources (localized) and anything fetched.</summary>
public sealed record ClinicalContext(ReferralMessage Message, IReadOnlyList<Resource> Resources, IReadOnlyList<ContextGap> Gaps);

/// <summary>The gather stage: where a referral's clinical context comes from (the message now; the referrer's EHR later).</summary>
public interface IClinicalContextSource
{
    Task<ClinicalContext> GatherAsync(ReferralMessage message, CancellationToken cancellationToken);
}

/// <summary>Gathers from the message alone (BSeR's push option: everything travels in the message).</summary>
public sealed class MessageContextSource : IClinicalContextSource
{
    public Task<ClinicalContext> GatherAsync(ReferralMessage message, CancellationToken cancellationToken) =>
        Task.FromResult(new ClinicalContext(message, MessageLocalizer.Localize(message), []));
}
