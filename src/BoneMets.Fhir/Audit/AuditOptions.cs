using System.ComponentModel.DataAnnotations;

namespace BoneMets.Fhir.Audit;

/// <summary>The audit trail (ADR 0020). Section "Audit".</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>
    /// Days an AuditEvent is kept; older ones are deleted by an hourly sweep. Default 2190 (six years, the span HIPAA
    /// keeps security documentation for): set it to the hospital's own retention policy. 1 to 36500.
    /// </summary>
    [Range(1, 36500)]
    public int RetentionDays { get; set; } = 2190;
}
