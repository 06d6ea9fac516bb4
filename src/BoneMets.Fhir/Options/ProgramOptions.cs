using System.ComponentModel.DataAnnotations;
using BoneMets.Fhir.Partners;

namespace BoneMets.Fhir.Options;

/// <summary>The program this service runs for. Section "Program".</summary>
public sealed class ProgramOptions : IValidatableObject
{
    public const string Section = "Program";

    /// <summary>Shown to referrers and patients. Default "Bone and Spine Metastasis Program".</summary>
    [Required]
    public string Name { get; set; } = "Bone and Spine Metastasis Program";

    /// <summary>
    /// The base URL of this service's FHIR API as referrers reach it; used for fullUrls in the documents and
    /// messages the service writes. Default http://localhost:5080/fhir.
    /// </summary>
    [Required]
    public string PublicBaseUrl { get; set; } = "http://localhost:5080/fhir";

    /// <summary>IANA time zone of the program: "same day" outreach ends at the close of its business day there. Default "UTC".</summary>
    [Required]
    public string TimeZone { get; set; } = "UTC";

    /// <summary>The business day "same day" outreach keeps (section Program:BusinessDay); by default the whole calendar day.</summary>
    public BusinessDayOptions BusinessDay { get; set; } = new();

    /// <summary>
    /// False when a partner has write-back on while <see cref="PublicBaseUrl"/> is loopback (its default): the write-back
    /// refers to this service (the triage RiskAssessment, the program's Organization) by absolute URL on it.
    /// </summary>
    public bool ReachableBy(PartnersOptions partners) =>
        !partners.Values.Any(p => p.WriteBack.Enabled)
        || !(Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var uri)
            && (uri.IsLoopback || string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)));

    public TimeZoneInfo ResolveTimeZone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || PublicBaseUrl.EndsWith('/'))
        {
            yield return new ValidationResult($"Program:PublicBaseUrl '{PublicBaseUrl}' must be an absolute http(s) URL without a trailing slash.", [nameof(PublicBaseUrl)]);
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return new ValidationResult($"Program:TimeZone '{TimeZone}' is not a known IANA time zone.", [nameof(TimeZone)]);
        }

        foreach (var problem in BusinessDay.Validate(validationContext))
        {
            yield return problem;
        }
    }
}
