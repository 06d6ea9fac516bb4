using System.ComponentModel.DataAnnotations;

namespace BoneMets.Fhir.Options;

/// <summary>Where durable state lives. Section "Store"; <c>--data</c> on the command line sets DataDirectory.</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

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
}
