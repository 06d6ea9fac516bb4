using System.Collections.Frozen;
using BoneMets.Fhir.Triage.Findings;

namespace BoneMets.Fhir.Triage.Scores;

/// <summary>The "O" of NOMS: how the primary's histology responds to conventional external-beam radiotherapy.</summary>
public enum Radiosensitivity { Radiosensitive, Radioresistant }

/// <summary>
/// Radiosensitivity tables for NOMS. A site absent from the table has unknown radiosensitivity, and the
/// NOMS pathway says so rather than picking one.
/// </summary>
public static class RadiosensitivityTable
{
    public const string Laufer2013Source = "Laufer I et al. Oncologist 2013;18:744–751";

    /// <summary>
    /// Only the examples Laufer 2013 gives (as summarised in the project's reference, scores.md):
    /// radiosensitive — lymphoma, myeloma, seminoma; radioresistant — renal cell, melanoma, thyroid, colorectal.
    /// Testis stands for seminoma because the project maps ICD-10-CM C62 to "testis (seminoma)"; C62 does
    /// not carry histology, so NOMS adds a note asking to confirm it (a non-seminomatous germ-cell tumour
    /// would not belong here).
    /// Breast and prostate are left out on purpose: calling them "moderately radiosensitive" could not be
    /// checked against the paper here, so they are unknown until a cited table is configured.
    /// </summary>
    public static IReadOnlyDictionary<PrimarySite, Radiosensitivity> Laufer2013 { get; } =
        new Dictionary<PrimarySite, Radiosensitivity>
        {
            [PrimarySite.Lymphoma] = Radiosensitivity.Radiosensitive,
            [PrimarySite.Myeloma] = Radiosensitivity.Radiosensitive,
            [PrimarySite.Testis] = Radiosensitivity.Radiosensitive,
            [PrimarySite.Kidney] = Radiosensitivity.Radioresistant,
            [PrimarySite.Melanoma] = Radiosensitivity.Radioresistant,
            [PrimarySite.Thyroid] = Radiosensitivity.Radioresistant,
            [PrimarySite.Colon] = Radiosensitivity.Radioresistant,
            [PrimarySite.Rectum] = Radiosensitivity.Radioresistant,
        }.ToFrozenDictionary();
}
