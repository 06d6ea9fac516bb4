using System.ComponentModel.DataAnnotations;

namespace BoneMets.Fhir.Store;

/// <summary>Where durable state lives, and how instances share it. Section "Store"; <c>--data</c> on the command line sets DataDirectory.</summary>
public sealed class StoreOptions : IValidatableObject
{
    public const string Section = "Store";

    /// <summary>The shortest lease accepted: renewals run every third of it, and a shorter one spends the store on renewing.</summary>
    public static readonly TimeSpan MinLeaseDuration = TimeSpan.FromSeconds(1);

    /// <summary>Directory of the embedded SQLite store. Default "data" under the working directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>
    /// Which store keeps the data (ADR 0019): <c>sqlite</c> (default; the embedded file under DataDirectory, for one
    /// instance) or <c>postgres</c> (the database named by ConnectionString, which several instances share).
    /// Checked at startup (<see cref="Store.StoreProviders"/>).
    /// </summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>The Npgsql connection string of the PostgreSQL database; required when Provider is postgres, unused otherwise.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// This instance's name in the leases it holds (<c>claimed_by</c>): unique per running process. Default: machine
    /// name, process id and a random suffix, so a restarted process is a new instance and never mistakes its previous
    /// life's leases for its own. Set it (e.g. to the pod name) only to make `bonemets parked`/`deliveries` easier to read.
    /// </summary>
    [Required]
    public string InstanceId { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>
    /// How long a claim on work (an inbox item, a delivery, a notification batch, a loop's leadership) holds without
    /// being renewed. The holder renews every third of it while it works; when the holder dies, another instance takes
    /// the work over once the lease has run out — nothing is reset at startup. Default 2 minutes.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often a lease is renewed while its work runs: a third of <see cref="LeaseDuration"/>.</summary>
    public TimeSpan RenewEvery => LeaseDuration / 3;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (LeaseDuration < MinLeaseDuration)
        {
            yield return new ValidationResult(
                $"{Section}:{nameof(LeaseDuration)} must be at least {MinLeaseDuration.TotalSeconds} s (was {LeaseDuration}): leases are renewed every third of it.",
                [nameof(LeaseDuration)]);
        }
    }
}
