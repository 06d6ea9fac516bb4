using System.ComponentModel.DataAnnotations;

namespace BoneMets.Fhir.Partners;

/// <summary>
/// The referring organisations this service knows, by id: section "Partners", one entry "Partners:{id}" each (ADR 0022).
/// A partner is first an identity (who a message, a client and a notification belong to); its FHIR server
/// (<see cref="PartnerOptions.BaseUrl"/>) and what the service does there (gathering, subscription, write-back) are
/// optional. An id holds only letters, digits, '-' and '_'; it names the partner's HttpClients, circuit breakers,
/// clients' Partner claim and log lines.
/// </summary>
public sealed class PartnersOptions : Dictionary<string, PartnerOptions>, IValidatableObject
{
    public const string Section = "Partners";

    /// <summary>The section partners were configured in before ADR 0022; any key under it stops the service.</summary>
    public const string FormerSection = "Gather:Partners";

    public PartnersOptions() : base(StringComparer.Ordinal)
    {
    }

    /// <summary>True when some partner has a FHIR server configured to gather from.</summary>
    public bool AnyServer => Values.Any(p => p.BaseUrl is not null);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (id, partner) in this)
        {
            if (id.Length == 0 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                yield return new ValidationResult($"{Section}:{id}: a partner id may hold only letters, digits, '-' and '_'.");
            }

            foreach (var problem in partner.Problems($"{Section}:{id}"))
            {
                yield return new ValidationResult(problem);
            }
        }
    }

    /// <summary>
    /// The message that stops a service still configured at <see cref="FormerSection"/>, naming where each partner
    /// found there now goes; null when nothing is configured there.
    /// </summary>
    public static string? FormerSectionProblem(IEnumerable<string> formerIds)
    {
        var ids = formerIds.ToList();
        return ids.Count == 0 ? null
            : $"{FormerSection} is no longer read: a partner is configured at {Section}:<id> (ADR 0022). Move "
              + string.Join(", ", ids.Select(id => $"{FormerSection}:{id} to {Section}:{id}")) + ".";
    }
}
