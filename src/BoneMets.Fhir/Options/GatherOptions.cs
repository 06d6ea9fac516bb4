using System.ComponentModel.DataAnnotations;
using BoneMets.Fhir.Partners;

namespace BoneMets.Fhir.Options;

/// <summary>
/// Gathering a referral's context from the referring EHR ("notify and pull"). Section "Gather": only the knobs that are
/// not per partner; the partners themselves are "Partners:{id}" (<see cref="PartnersOptions"/>, ADR 0022).
/// With no partner serving FHIR the service gathers from the message alone.
/// </summary>
public sealed class GatherOptions : IValidatableObject
{
    public const string Section = "Gather";

    /// <summary>The partner (an id under "Partners") for a message whose sender and source name none. Optional.</summary>
    public string? DefaultPartner { get; set; }

    /// <summary>How long the partner's CapabilityStatement is trusted before it is read again. Default 1 hour.</summary>
    public TimeSpan CapabilityRefresh { get; set; } = TimeSpan.FromHours(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (CapabilityRefresh < TimeSpan.FromSeconds(1))
        {
            yield return new ValidationResult("Gather:CapabilityRefresh must be at least 1 s.");
        }
    }

    /// <summary>The problem with <see cref="DefaultPartner"/> given the configured partners, or null.</summary>
    public string? DefaultPartnerProblem(PartnersOptions partners) =>
        DefaultPartner is not null && !partners.ContainsKey(DefaultPartner)
            ? $"Gather:DefaultPartner '{DefaultPartner}' is not one of Partners (no Partners:{DefaultPartner} is configured)."
            : null;
}
