using Hl7.Fhir.Model;
using Task = Hl7.Fhir.Model.Task;

namespace BoneMets.Fhir.Intake;

/// <summary>
/// A referral message that passed the contract: a message Bundle whose MessageHeader focuses a BSeR referral
/// Task or the ServiceRequest itself, with the Patient and every reference resolving inside the Bundle.
/// </summary>
public sealed record ReferralMessage(
    Bundle Bundle,
    MessageHeader Header,
    Task? ReferralTask,
    ServiceRequest ServiceRequest,
    Patient Patient,
    IReadOnlyList<Resource> Resources)
{
    public string BundleId => Bundle.Id!;

    public string HeaderId => Header.Id!;

    /// <summary>
    /// The referral's identity across messages: the ServiceRequest's first identifier (placer identifier when
    /// typed), else its id. Write-back ids derive from it, so one referral keeps one Task whatever path it came by.
    /// </summary>
    public string ReferralKey => KeyOf(ServiceRequest);

    /// <summary>The referral key of a ServiceRequest, however it arrived (a message, a case document).</summary>
    public static string KeyOf(ServiceRequest serviceRequest)
    {
        var identifier = serviceRequest.Identifier.FirstOrDefault(i => i.Type?.Coding.Any(c => c.Code == "PLAC") == true)
            ?? serviceRequest.Identifier.FirstOrDefault(i => !string.IsNullOrEmpty(i.Value));
        return identifier is { Value: not null }
            ? $"identifier|{identifier.System}|{identifier.Value}"
            : $"ServiceRequest/{serviceRequest.Id}";
    }

    public IEnumerable<T> All<T>() where T : Resource => Resources.OfType<T>();
}
