using System.ComponentModel.DataAnnotations;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Partners;

namespace BoneMets.Fhir.Scheduling;

/// <summary>
/// The scheduling FHIR server the program books first visits on (Schedule and Slot per routed team). Section
/// "Scheduling". Off while <see cref="BaseUrl"/> is empty: Appointments then stay proposed and nothing is booked
/// or escalated by the scheduler.
/// </summary>
public sealed class SchedulingOptions : IValidatableObject
{
    public const string Section = "Scheduling";

    /// <summary>The scheduling server's FHIR base URL (absolute http(s), no trailing slash). Empty: scheduling off.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>How the service authenticates to it; as for partners (none, static bearer, SMART backend services). Default none.</summary>
    public PartnerAuthOptions Auth { get; set; } = new();

    /// <summary>The Schedule id on the server for each routed team ("Scheduling:Schedules:orthopaedic-oncology" = "sched-1").</summary>
    public Dictionary<string, string> Schedules { get; set; } = [];

    /// <summary>How often the scheduler looks for referrals to book and deadlines to watch. Default 30 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long before a deadline an unbooked referral is escalated to the coordinator. Default 12 hours.</summary>
    public TimeSpan EscalationLead { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Who escalations go to: a reference ("PractitionerRole/coordinator"). Default the program's Organization.</summary>
    public string Coordinator { get; set; } = ProgramDirectory.OrganizationReference;

    /// <summary>Slots tried per referral and pass before giving up until the next pass (each 412 costs one). Default 20.</summary>
    [Range(1, 1000)]
    public int MaxSlotsTried { get; set; } = 20;

    /// <summary>Per-request timeout on the scheduling server. Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool Enabled => !string.IsNullOrWhiteSpace(BaseUrl);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || BaseUrl!.EndsWith('/'))
        {
            yield return new ValidationResult($"{Section}:BaseUrl '{BaseUrl}' must be an absolute http(s) URL without a trailing slash.", [nameof(BaseUrl)]);
        }

        if (Schedules.Count == 0 || Schedules.Values.Any(string.IsNullOrWhiteSpace))
        {
            yield return new ValidationResult($"{Section}:Schedules needs a Schedule id for each routed team when BaseUrl is set.", [nameof(Schedules)]);
        }

        if (PollInterval <= TimeSpan.Zero || RequestTimeout <= TimeSpan.Zero || EscalationLead < TimeSpan.Zero)
        {
            yield return new ValidationResult($"{Section}: PollInterval and RequestTimeout must be positive and EscalationLead not negative.");
        }

        if (Coordinator.Split('/') is not [{ Length: > 0 }, { Length: > 0 }])
        {
            yield return new ValidationResult($"{Section}:Coordinator must be a reference 'Type/id'.", [nameof(Coordinator)]);
        }

        if (Auth.Mode == PartnerAuthMode.SmartBackend && string.IsNullOrWhiteSpace(Auth.TokenUrl))
        {
            yield return new ValidationResult($"{Section}:Auth:TokenUrl is required for SmartBackend (no discovery for the scheduling server).");
        }

        foreach (var problem in Auth.Problems($"{Section}:Auth"))
        {
            yield return new ValidationResult(problem);
        }
    }
}
