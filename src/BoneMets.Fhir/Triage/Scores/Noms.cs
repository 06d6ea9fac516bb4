using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage.Findings;

namespace BoneMets.Fhir.Triage.Scores;

/// <summary>
/// NOMS suggested pathway for one spinal lesion (Laufer I et al. Oncologist 2013;18:744–751): a framework,
/// not a score. Neurologic (ESCC grade; neurological signs), Oncologic (radiosensitivity, from a
/// configurable cited table), Mechanical (SINS), Systemic (can the patient tolerate surgery).
/// <list type="bullet">
/// <item>Radiosensitive histology → conventional radiotherapy whatever the compression.</item>
/// <item>Radioresistant, low-grade ESCC → stereotactic radiosurgery.</item>
/// <item>Radioresistant, high-grade ESCC → separation surgery then radiosurgery if the patient can tolerate
/// surgery, otherwise conventional radiotherapy. The engine does not assess systemic fitness, so that
/// condition stays in the suggestion.</item>
/// <item>Radiosensitivity unknown (site not in the table, or primary missing) → no pathway, and the reasons say why.</item>
/// <item>Mechanical instability is an independent indication for stabilisation (reported as its own item).</item>
/// </list>
/// The band is the suggested radiation pathway; <see cref="ScoreResult.Notes"/> carry the reasons.
/// </summary>
public static class Noms
{
    public const string Name = "NOMS suggested pathway";
    public const string Version = "NOMS (Laufer 2013)";
    public const string Source = "Laufer I et al. Oncologist 2013;18:744–751";

    public const string StabilisationItem = "mechanical: stabilisation";

    public static readonly ScoreBand ConventionalRadiotherapy =
        new("conventional-radiotherapy", "conventional external-beam radiotherapy (cEBRT)");

    public static readonly ScoreBand StereotacticRadiosurgery =
        new("stereotactic-radiosurgery", "stereotactic radiosurgery (SRS)");

    public static readonly ScoreBand SeparationSurgeryThenRadiosurgery = new(
        "separation-surgery-then-radiosurgery",
        "separation surgery then stereotactic radiosurgery if the patient can tolerate surgery; otherwise conventional radiotherapy");

    public static ScoreResult Suggest(BoneLesion lesion, ClinicalFindings findings, ScoreSettings settings)
    {
        var sheet = new ScoreSheet();

        // N
        sheet.Item("neurologic: ESCC grade", ObservationCodes.EsccGrade, lesion.EsccGrade, lesion.Source,
            g => $"{FindingCodes.EsccGrade.Code(g)} ({BilskyEscc.BandFor(g, settings.Escc1c).Code})", _ => null);
        var signs = findings.PresentSigns(ObservationCodes.NeurologicalRedFlags);
        foreach (var code in signs)
        {
            sheet.UsedSource(findings.Signs[code].Source);
        }

        sheet.Scored("neurologic: neurological signs", signs.Count == 0 ? "none recorded" : "present: " + string.Join(", ", signs), null);

        // O
        Radiosensitivity? sensitivity = findings.PrimaryCancer is { } p && settings.Radiosensitivity.TryGetValue(p.Value, out var s) ? s : null;
        sheet.Item("oncologic: radiosensitivity", FindingNames.PrimaryCancer, findings.PrimaryCancer,
            site => $"{site}: {sensitivity?.ToString() ?? "not in the table (unknown)"}", _ => null);

        // M
        var sins = Sins.Score(lesion);
        foreach (var input in sins.Missing)
        {
            sheet.AddMissing(input);
        }

        foreach (var source in sins.DerivedFrom)
        {
            sheet.UsedSource(source);
        }

        sheet.Scored("mechanical: SINS", sins.Total is { } t ? $"SINS {t} ({sins.Band!.Code})" : null, null);
        sheet.Scored(StabilisationItem, Stabilisation(sins), null);

        // S
        sheet.Scored("systemic: can tolerate surgery", "not assessed by the engine", null);

        var band = Pathway(lesion, findings, settings, sensitivity, sheet);
        if (sins.Total >= Sins.UnstableMinimum)
        {
            sheet.Note($"Mechanical instability (SINS {sins.Total}): an independent indication for stabilisation, whatever the radiation pathway.");
        }
        else if (sins.Total >= Sins.IndeterminateMinimum)
        {
            sheet.Note($"SINS {sins.Total} is potentially unstable: spine surgical opinion on stabilisation.");
        }

        if (signs.Count > 0)
        {
            sheet.Note("Neurological signs recorded: the MSCC emergency pathway (NICE NG234) applies whatever NOMS suggests.");
        }

        sheet.Note("Systemic fitness for surgery is not assessed by the engine: the treating team decides.");
        sheet.Note($"Radiosensitivity table: {settings.RadiosensitivitySource}.");
        return sheet.Result(Name, Version, Source, null, band);
    }

    private static ScoreBand? Pathway(
        BoneLesion lesion, ClinicalFindings findings, ScoreSettings settings, Radiosensitivity? sensitivity, ScoreSheet sheet)
    {
        if (findings.PrimaryCancer is not { } primary)
        {
            sheet.Note("Primary cancer missing: radiosensitivity unknown, no radiation pathway suggested.");
            return null;
        }

        if (primary.Value == PrimarySite.Testis)
        {
            sheet.Note("Testis primary read as seminoma: ICD-10-CM C62 carries no histology; confirm before relying on radiosensitivity.");
        }

        var grade = lesion.EsccGrade;
        switch (sensitivity)
        {
            case Radiosensitivity.Radiosensitive:
                sheet.Note($"Radiosensitive histology ({primary.Value}): conventional radiotherapy whatever the compression.");
                return ConventionalRadiotherapy;
            case Radiosensitivity.Radioresistant when grade is null:
                sheet.Note($"Radioresistant histology ({primary.Value}): the pathway depends on the ESCC grade, which is missing.");
                return null;
            case Radiosensitivity.Radioresistant when BilskyEscc.IsHighGrade(grade.Value, settings.Escc1c):
                sheet.Note($"Radioresistant histology ({primary.Value}) with high-grade compression: separation surgery then radiosurgery if the patient can tolerate surgery, otherwise conventional radiotherapy.");
                return SeparationSurgeryThenRadiosurgery;
            case Radiosensitivity.Radioresistant:
                sheet.Note($"Radioresistant histology ({primary.Value}) without high-grade compression: stereotactic radiosurgery.");
                if (grade == EsccGrade.Grade1c)
                {
                    sheet.Note("ESCC 1c read as low grade (local policy): spine team to review.");
                }

                return StereotacticRadiosurgery;
            default:
                sheet.Note($"Radiosensitivity of {primary.Value} is not in the configured table: unknown, no radiation pathway suggested.");
                return null;
        }
    }

    private static string? Stabilisation(ScoreResult sins) => sins.Total switch
    {
        null => null,
        >= Sins.UnstableMinimum => "indicated (unstable)",
        >= Sins.IndeterminateMinimum => "spine surgical opinion (potentially unstable)",
        _ => "not indicated (stable)",
    };
}
