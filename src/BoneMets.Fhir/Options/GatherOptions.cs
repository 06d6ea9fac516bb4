using System.ComponentModel.DataAnnotations;

namespace BoneMets.Fhir.Options;

/// <summary>
/// Gathering a referral's context from the referring EHR ("notify and pull"). Section "Gather".
/// With no partners the service gathers from the message alone.
/// </summary>
public sealed class GatherOptions : IValidatableObject
{
    public const string Section = "Gather";

    /// <summary>The partners, by id (letters, digits, '-' and '_').</summary>
    public Dictionary<string, PartnerOptions> Partners { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The partner for a message whose sender and source name none. Optional.</summary>
    public string? DefaultPartner { get; set; }

    /// <summary>How long the partner's CapabilityStatement is trusted before it is read again. Default 1 hour.</summary>
    public TimeSpan CapabilityRefresh { get; set; } = TimeSpan.FromHours(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (id, partner) in Partners)
        {
            if (id.Length == 0 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                yield return new ValidationResult($"Gather:Partners:{id}: a partner id may hold only letters, digits, '-' and '_'.");
            }

            foreach (var problem in partner.Problems(id))
            {
                yield return new ValidationResult(problem);
            }
        }

        if (DefaultPartner is not null && !Partners.ContainsKey(DefaultPartner))
        {
            yield return new ValidationResult($"Gather:DefaultPartner '{DefaultPartner}' is not one of Gather:Partners.");
        }

        if (CapabilityRefresh < TimeSpan.FromSeconds(1))
        {
            yield return new ValidationResult("Gather:CapabilityRefresh must be at least 1 s.");
        }
    }
}
