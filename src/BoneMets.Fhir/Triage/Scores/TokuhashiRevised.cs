using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage.Findings;

namespace BoneMets.Fhir.Triage.Scores;

/// <summary>
/// Revised Tokuhashi score (2005), per patient. Tokuhashi Y et al. Spine 2005;30(19):2186–2191
/// (table as reproduced in NICE CG75, appendix 3). Not the original 1990 score (0–12).
/// <code>
/// general condition (Karnofsky)      poor 10–40 0; moderate 50–70 1; good 80–100 2
/// extraspinal bone metastasis foci   ≥ 3 0; 1–2 1; 0 2
/// metastases in vertebral bodies     ≥ 3 0; 2 1; 1 2
/// metastases to major internal organs unremovable 0; removable 1; none 2
/// primary site                       lung, osteosarcoma, stomach, bladder, oesophagus, pancreas 0;
///                                    liver, gallbladder, unidentified 1; others 2; kidney, uterus 3;
///                                    rectum 4; thyroid, breast, prostate, carcinoid tumour 5
/// palsy (Frankel)                    complete A, B 0; incomplete C, D 1; none E 2
/// </code>
/// Total 0–15: 0–8 expected survival &lt; 6 months (conservative care); 9–11 ≥ 6 months;
/// 12–15 ≥ 1 year (excisional surgery). One copy online inverts the survival column: this one does not.
/// Karnofsky is needed natively; with only ECOG, Karnofsky is reported missing (see
/// <see cref="PerformanceStatus"/> for why no conversion is made).
/// </summary>
public static class TokuhashiRevised
{
    public const string Name = "Revised Tokuhashi score";
    public const string Version = "Tokuhashi revised 2005";
    public const string Source = "Tokuhashi Y et al. Spine 2005;30(19):2186–2191 (table as reproduced in NICE CG75, appendix 3)";

    public const int MaximumTotal = 15;

    public static readonly ScoreBand UnderSixMonths = new("under-6-months", "0–8: expected survival < 6 months (conservative care)");
    public static readonly ScoreBand SixMonthsOrMore = new("6-months-or-more", "9–11: expected survival ≥ 6 months");
    public static readonly ScoreBand OneYearOrMore = new("1-year-or-more", "12–15: expected survival ≥ 1 year (excisional surgery)");

    public static ScoreResult Score(ClinicalFindings findings)
    {
        var sheet = new ScoreSheet();
        sheet.Item("general condition (Karnofsky)", FindingNames.Karnofsky, findings.Karnofsky, k => $"Karnofsky {k}", k => KarnofskyPoints(k));
        if (findings.Karnofsky is null && findings.Ecog is { } ecog)
        {
            sheet.Note($"ECOG {ecog.Value} recorded ({ecog.Source}) but not converted to Karnofsky: published ECOG↔Karnofsky mappings disagree at 70|80, the edge of this item.");
        }

        sheet.Item("extraspinal bone metastasis foci", ObservationCodes.ExtraspinalBoneMetastases, findings.ExtraspinalBoneMetastases, n => $"{n}", n => ExtraspinalPoints(n));
        sheet.Item("metastases in vertebral bodies", ObservationCodes.VertebralBodyMetastases, findings.VertebralBodyMetastases, n => $"{n}", VertebralPoints);
        if (findings.VertebralBodyMetastases?.Value == 0)
        {
            sheet.Note("No vertebral body metastasis recorded: the table starts at 1 (the score is for spinal metastases), so no total.");
        }

        sheet.Item("metastases to major internal organs", ObservationCodes.VisceralMetastases, findings.VisceralMetastases, FindingCodes.VisceralMetastases.Code, v => VisceralPoints(v));
        sheet.Item("primary site", FindingNames.PrimaryCancer, findings.PrimaryCancer, s => s.ToString(), s => PrimarySitePoints(s));
        sheet.Item("palsy (Frankel)", ObservationCodes.FrankelGrade, findings.FrankelGrade, g => $"Frankel {g}", g => FrankelPoints(g));
        if (findings.FrankelGrade is null && NeurologicalState.Deficits(findings) is { Count: > 0 } deficits)
        {
            sheet.Note($"Neurological deficit recorded ({NeurologicalState.Describe(deficits)}) but no Frankel grade: the palsy item is scored on Frankel only (complete A–B, incomplete C–D), so it stays missing.");
        }

        var total = sheet.Total;
        return sheet.Result(Name, Version, Source, total, total is { } t ? BandFor(t) : null);
    }

    /// <summary>Karnofsky 0 (dead) lies below the published 10–40 row; it is scored with that row.</summary>
    public static int KarnofskyPoints(int karnofsky) => karnofsky switch
    {
        < 0 or > 100 => throw new ArgumentOutOfRangeException(nameof(karnofsky), karnofsky, "Karnofsky is 0–100."),
        <= 40 => 0,
        <= 70 => 1,
        _ => 2,
    };

    public static int ExtraspinalPoints(int count) => count switch
    {
        < 0 => throw new ArgumentOutOfRangeException(nameof(count), count, null),
        0 => 2,
        <= 2 => 1,
        _ => 0,
    };

    /// <summary>Null for 0: the published rows are 1, 2 and ≥ 3.</summary>
    public static int? VertebralPoints(int count) => count switch
    {
        < 0 => throw new ArgumentOutOfRangeException(nameof(count), count, null),
        0 => null,
        1 => 2,
        2 => 1,
        _ => 0,
    };

    public static int VisceralPoints(VisceralMetastases visceral) => visceral switch
    {
        VisceralMetastases.Unremovable => 0,
        VisceralMetastases.Removable => 1,
        VisceralMetastases.None => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(visceral), visceral, null),
    };

    public static int PrimarySitePoints(PrimarySite site) => site switch
    {
        PrimarySite.Lung or PrimarySite.Bone or PrimarySite.Stomach or PrimarySite.Bladder
            or PrimarySite.Oesophagus or PrimarySite.Pancreas => 0,
        PrimarySite.Liver or PrimarySite.GallbladderOrBiliary or PrimarySite.Unknown => 1,
        PrimarySite.Colon or PrimarySite.Melanoma or PrimarySite.Lymphoma or PrimarySite.Myeloma
            or PrimarySite.Testis or PrimarySite.Other => 2,
        PrimarySite.Kidney or PrimarySite.Uterus => 3,
        PrimarySite.Rectum => 4,
        PrimarySite.Thyroid or PrimarySite.Breast or PrimarySite.Prostate or PrimarySite.Carcinoid => 5,
        _ => throw new ArgumentOutOfRangeException(nameof(site), site, null),
    };

    public static int FrankelPoints(FrankelGrade grade) => grade switch
    {
        FrankelGrade.A or FrankelGrade.B => 0,
        FrankelGrade.C or FrankelGrade.D => 1,
        FrankelGrade.E => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(grade), grade, null),
    };

    public static ScoreBand BandFor(int total)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(total, MaximumTotal);
        return total switch
        {
            <= 8 => UnderSixMonths,
            <= 11 => SixMonthsOrMore,
            _ => OneYearOrMore,
        };
    }
}
