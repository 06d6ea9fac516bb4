using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage.Findings;

namespace BoneMets.Fhir.Triage.Scores;

/// <summary>
/// NOMS suggested pathway for one spinal lesion (Laufer I et al. Oncologist 2013;18:744–751): a framework,
/// not a score. Neurologic (ESCC grade; neurological deficits in every encoding, <see cref="NeurologicalState"/>),
/// Oncologic (radiosensitivity, from a configurable cited table), Mechanical (SINS), Systemic (can the patient
/// tolerate surgery: the <c>fit-for-surgery</c> finding, the treating team's judgement).
/// <list type="bullet">
/// <item>Radiosensitive histology → conventional radiotherapy whatever the compression.</item>
/// <item>Radioresistant, low-grade ESCC → stereotactic radiosurgery.</item>
/// <item>Radioresistant, high-grade ESCC → fit for surgery: separation surgery then radiosurgery; not fit:
/// conventional radiotherapy; fitness not recorded: the conditional suggestion (<see cref="SeparationSurgeryIfFit"/>)
/// with <c>fit-for-surgery</c> listed as missing. Fitness is not derived from ASA class or performance status:
/// Laufer 2013 leaves "S" to clinical judgement and no published rule maps either scale to it.</item>
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
        "separation surgery then stereotactic radiosurgery (the patient can tolerate surgery)");

    public static readonly ScoreBand SeparationSurgeryIfFit = new(
        "separation-surgery-if-fit",
        "separation surgery then stereotactic radiosurgery if the patient can tolerate surgery, otherwise conventional radiotherapy (fitness for surgery not recorded)");

    /// <summary>Teams a pathway routes to: surgery to the spine team and radiation oncology, radiotherapy to radiation oncology.</summary>
    public static bool IsSurgical(ScoreBand band) => band == SeparationSurgeryThenRadiosurgery || band == SeparationSurgeryIfFit;

    public static ScoreResult Suggest(BoneLesion lesion, ClinicalFindings findings, ScoreSettings settings)
    {
        var sheet = new ScoreSheet();

        // N
        sheet.Item("neurologic: ESCC grade", ObservationCodes.EsccGrade, lesion.EsccGrade, lesion.Source,
            g => $"{FindingCodes.EsccGrade.Code(g)} ({BilskyEscc.BandFor(g, settings.Escc1c).Code})", _ => null);
        var deficits = NeurologicalState.Deficits(findings);
        foreach (var deficit in deficits)
        {
            sheet.UsedSource(deficit.Source);
        }

        sheet.Scored("neurologic: neurological signs", deficits.Count > 0 ? "present: " + NeurologicalState.Describe(deficits)
            : NeurologicalState.Assessed(findings) ? "none (recorded absent)" : "none recorded", null);

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

        // S: read only where the pathway depends on it, and then missing when not recorded.
        var dependsOnFitness = sensitivity == Radiosensitivity.Radioresistant && lesion.EsccGrade is { } escc && BilskyEscc.IsHighGrade(escc, settings.Escc1c);
        const string systemic = "systemic: can tolerate surgery";
        if (findings.FitForSurgery is { } fit)
        {
            sheet.UsedSource(fit.Source);
            sheet.Scored(systemic, fit.Value ? "fit for surgery (treating team)" : "not fit for surgery (treating team)", null);
        }
        else if (dependsOnFitness)
        {
            sheet.Missing(systemic, ObservationCodes.FitForSurgery);
        }
        else
        {
            sheet.Scored(systemic, "not recorded (the suggested pathway does not depend on it)", null);
        }

        var band = Pathway(lesion, findings, settings, sensitivity, sheet);
        if (sins.Total >= Sins.UnstableMinimum)
        {
            sheet.Note($"Mechanical instability (SINS {sins.Total}): an independent indication for stabilisation, whatever the radiation pathway.");
        }
        else if (sins.Total >= Sins.IndeterminateMinimum)
        {
            sheet.Note($"SINS {sins.Total} is potentially unstable: spine surgical opinion on stabilisation.");
        }

        if (deficits.Count > 0)
        {
            sheet.Note($"Neurological deficit recorded ({NeurologicalState.Describe(deficits)}): the MSCC emergency pathway (NICE NG234) applies whatever NOMS suggests.");
        }

        if (dependsOnFitness && findings.FitForSurgery is null)
        {
            sheet.Note("Fitness for surgery not recorded (fit-for-surgery): not derived from ASA class or performance status, for which no published rule gives NOMS \"S\".");
        }
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
                return HighGradeRadioresistant(primary.Value, findings.FitForSurgery?.Value, sheet);
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

    private static ScoreBand HighGradeRadioresistant(PrimarySite primary, bool? fit, ScoreSheet sheet)
    {
        var start = $"Radioresistant histology ({primary}) with high-grade compression";
        switch (fit)
        {
            case true:
                sheet.Note($"{start}, fit for surgery: separation surgery then stereotactic radiosurgery.");
                return SeparationSurgeryThenRadiosurgery;
            case false:
                sheet.Note($"{start}, not fit for surgery: conventional radiotherapy.");
                return ConventionalRadiotherapy;
            default:
                sheet.Note($"{start}: separation surgery then radiosurgery if the patient can tolerate surgery, otherwise conventional radiotherapy; fitness for surgery is missing.");
                return SeparationSurgeryIfFit;
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
