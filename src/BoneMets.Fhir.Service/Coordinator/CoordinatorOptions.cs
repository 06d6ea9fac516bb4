using System.ComponentModel.DataAnnotations;

namespace BoneMets.Fhir.Service.Coordinator;

/// <summary>The coordinator's worklist at /coordinator/. Section "Coordinator".</summary>
public sealed class CoordinatorOptions : IValidatableObject
{
    public const string Section = "Coordinator";

    /// <summary>Failed sign-ins in a row that lock a local account. Default 5.</summary>
    [Range(1, 100)]
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long a locked local account stays locked. Default 15 minutes.</summary>
    public TimeSpan LockoutFor { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A session ends after this long without a request. Default 8 hours (a shift).</summary>
    public TimeSpan SessionIdle { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How often an open worklist fetches new rows, in seconds; 0 turns the refresh off. Default 20.</summary>
    [Range(0, 3600)]
    public int RefreshSeconds { get; set; } = 20;

    /// <summary>The hospital's identity provider; when its Authority is set, coordinators sign in there instead of with local accounts.</summary>
    public CoordinatorOpenIdConnect OpenIdConnect { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (LockoutFor <= TimeSpan.Zero || SessionIdle <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Coordinator:LockoutFor and Coordinator:SessionIdle must be positive.", [nameof(LockoutFor), nameof(SessionIdle)]);
        }

        if (OpenIdConnect.Enabled && (!Uri.TryCreate(OpenIdConnect.Authority, UriKind.Absolute, out var authority) || authority.Scheme != "https" || string.IsNullOrEmpty(OpenIdConnect.ClientId)))
        {
            yield return new ValidationResult("Coordinator:OpenIdConnect needs an https Authority and a ClientId.", ["OpenIdConnect.Authority", "OpenIdConnect.ClientId"]);
        }
    }
}

/// <summary>OpenID Connect to the hospital's identity provider (authorization code flow with PKCE).</summary>
public sealed class CoordinatorOpenIdConnect
{
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    public bool Enabled => !string.IsNullOrEmpty(Authority);
}
