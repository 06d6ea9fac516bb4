using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage.Findings;

namespace BoneMets.Fhir.Triage.Scores;

/// <summary>
/// New England Spinal Metastasis Score, per patient. Ghori AK et al. Spine J 2015;15:2345–2350; named and
/// validated by Schoenfeld AJ et al., Spine J 2016, 2021, 2022.
/// <code>
/// modified Bauer ≥ 3                         2
/// independent ambulation                     1
/// serum albumin ≥ 3.5 g/dL (35 g/L)          1
/// </code>
/// The derivation states a ceiling of 3: the range is 0–3 and a raw sum of 4 scores 3. Higher is better
/// (Schoenfeld 2021: 1-year mortality odds 7× higher at 2 and 31× at 1 than at 3).
/// </summary>
public static class Nesms
{
    public const string Name = "New England Spinal Metastasis Score";
    public const string Version = "NESMS (Ghori 2015, ceiling 3)";
    public const string Source = "Ghori AK et al. Spine J 2015;15:2345–2350; Schoenfeld AJ et al. Spine J 2016, 2021, 2022";

    public const int Ceiling = 3;
    public const int BauerThreshold = 3;
    public const decimal AlbuminThresholdGPerDl = 3.5m;

    public static readonly ScoreBand Nesms3 = new("nesms-3", "3: highest score, best expected 1-year survival (reference group, Schoenfeld 2021)");
    public static readonly ScoreBand Nesms2 = new("nesms-2", "2: 1-year mortality odds about 7× those at 3 (Schoenfeld 2021)");
    public static readonly ScoreBand Nesms1 = new("nesms-1", "1: 1-year mortality odds about 31× those at 3 (Schoenfeld 2021)");
    public static readonly ScoreBand Nesms0 = new("nesms-0", "0: lowest score, poorest expected survival");

    public static ScoreResult Score(ClinicalFindings findings)
    {
        var sheet = new ScoreSheet();
        var bauer = ModifiedBauer.Score(findings);
        foreach (var source in bauer.DerivedFrom)
        {
            sheet.UsedSource(source);
        }

        if (bauer.Total is { } bauerTotal)
        {
            sheet.Scored("modified Bauer ≥ 3", $"modified Bauer {bauerTotal}", bauerTotal >= BauerThreshold ? 2 : 0);
        }
        else
        {
            sheet.Scored("modified Bauer ≥ 3", null, null);
            foreach (var input in bauer.Missing)
            {
                sheet.AddMissing(input);
            }
        }

        sheet.Item("independent ambulation", ObservationCodes.AmbulatoryStatus, findings.AmbulatoryStatus,
            FindingCodes.AmbulatoryStatus.Code, a => a == AmbulatoryStatus.Independent ? 1 : 0);
        sheet.Item("serum albumin ≥ 3.5 g/dL", FindingNames.SerumAlbumin, findings.AlbuminGPerDl,
            a => $"{a} g/dL", a => a >= AlbuminThresholdGPerDl ? 1 : 0);

        var raw = sheet.Total;
        if (raw > Ceiling)
        {
            sheet.Note($"Raw sum {raw} capped at {Ceiling} (the ceiling stated in the derivation).");
        }

        int? total = raw is { } r ? Math.Min(r, Ceiling) : null;
        return sheet.Result(Name, Version, Source, total, total is { } t ? BandFor(t) : null);
    }

    public static ScoreBand BandFor(int total) => total switch
    {
        0 => Nesms0,
        1 => Nesms1,
        2 => Nesms2,
        3 => Nesms3,
        _ => throw new ArgumentOutOfRangeException(nameof(total), total, "NESMS is 0–3."),
    };
}
