using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage.Findings;

namespace BoneMets.Fhir.Triage.Scores;

/// <summary>
/// Modified Bauer score, per patient. Leithner A et al. Eur Spine J 2008;17:1488–1495.
/// One point each: no visceral metastases; primary not lung; primary breast, kidney, lymphoma or myeloma;
/// a solitary skeletal metastasis. Range 0–4. Bands: the three prognostic groups Leithner 2008 gives with the score
/// (0–1 poor: supportive care, no surgery; 2 moderate: short-term palliation, posterior surgery; 3–4 good: middle-term
/// local control, anterior-posterior surgery). The score also feeds <see cref="Nesms"/>.
/// Decisions where the paper is silent: an unknown primary (C80) does not earn "primary not lung" (it
/// cannot be said not to be lung); "solitary" needs both bone-metastasis counts and means they sum to 1.
/// </summary>
public static class ModifiedBauer
{
    public const string Name = "Modified Bauer score";
    public const string Version = "Modified Bauer (Leithner 2008)";
    public const string Source = "Leithner A et al. Eur Spine J 2008;17:1488–1495";

    public const int MaximumTotal = 4;

    public static readonly ScoreBand Poor = new("0-1", "0–1: poor prognosis; supportive care, no surgery (Leithner 2008)");
    public static readonly ScoreBand Moderate = new("2", "2: moderate prognosis; short-term palliation, posterior surgery (Leithner 2008)");
    public static readonly ScoreBand Good = new("3-4", "3–4: good prognosis; middle-term local control, anterior-posterior surgery (Leithner 2008)");

    public static ScoreResult Score(ClinicalFindings findings)
    {
        var sheet = new ScoreSheet();
        sheet.Item("no visceral metastases", ObservationCodes.VisceralMetastases, findings.VisceralMetastases,
            FindingCodes.VisceralMetastases.Code, v => v == VisceralMetastases.None ? 1 : 0);
        sheet.Item("primary not lung", FindingNames.PrimaryCancer, findings.PrimaryCancer, s => s.ToString(), s => NotLungPoints(s));
        if (findings.PrimaryCancer?.Value == PrimarySite.Unknown)
        {
            sheet.Note("Unknown primary: scored 0 for \"primary not lung\" (it cannot be said not to be lung).");
        }

        sheet.Item("primary breast, kidney, lymphoma or myeloma", FindingNames.PrimaryCancer, findings.PrimaryCancer, s => s.ToString(), s => FavourablePrimaryPoints(s));
        Solitary(findings, sheet);
        var total = sheet.Total;
        return sheet.Result(Name, Version, Source, total, total is { } t ? BandFor(t) : null);
    }

    public static ScoreBand BandFor(int total) => total switch
    {
        0 or 1 => Poor,
        2 => Moderate,
        3 or 4 => Good,
        _ => throw new ArgumentOutOfRangeException(nameof(total), total, "The modified Bauer score is 0–4."),
    };

    public static int NotLungPoints(PrimarySite site) => site is PrimarySite.Lung or PrimarySite.Unknown ? 0 : 1;

    public static int FavourablePrimaryPoints(PrimarySite site) =>
        site is PrimarySite.Breast or PrimarySite.Kidney or PrimarySite.Lymphoma or PrimarySite.Myeloma ? 1 : 0;

    private static void Solitary(ClinicalFindings findings, ScoreSheet sheet)
    {
        const string item = "solitary skeletal metastasis";
        var extraspinal = findings.ExtraspinalBoneMetastases;
        var vertebral = findings.VertebralBodyMetastases;
        if (extraspinal is null || vertebral is null)
        {
            sheet.Scored(item, null, null);
            if (extraspinal is null)
            {
                sheet.AddMissing(ObservationCodes.ExtraspinalBoneMetastases);
            }

            if (vertebral is null)
            {
                sheet.AddMissing(ObservationCodes.VertebralBodyMetastases);
            }

            return;
        }

        sheet.UsedSource(extraspinal.Source);
        sheet.UsedSource(vertebral.Source);
        var count = extraspinal.Value + vertebral.Value;
        sheet.Scored(item, $"{extraspinal.Value} extraspinal + {vertebral.Value} vertebral = {count}", count == 1 ? 1 : 0);
    }
}
