using System.ComponentModel.DataAnnotations;

namespace BoneMets.Fhir.Options;

/// <summary>Where durable state lives. Section "Store"; <c>--data</c> on the command line sets DataDirectory.</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    /// <summary>Directory of the embedded SQLite store. Default "data" under the working directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";
}
