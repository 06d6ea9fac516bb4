using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage.Findings;

namespace BoneMets.Fhir.Triage.Scores;

/// <summary>
/// Bilsky epidural spinal cord compression (ESCC) grade, per spinal lesion, read as low or high grade.
/// Bilsky MH et al. J Neurosurg Spine 2010;13:324–328. Axial T2 MRI at the most compressed level:
/// 0 bone only; 1a epidural impingement, no thecal sac deformation; 1b thecal sac deformed, cord not
/// abutted; 1c cord abutted, not compressed; 2 cord compressed, CSF visible; 3 cord compressed, no CSF.
/// 0–1b low grade; 2–3 high grade; 1c has no agreed placement: <see cref="ScoreSettings.Escc1c"/>
/// (local policy default: low grade, flagged for spine team review).
/// </summary>
public static class BilskyEscc
{
    public const string Name = "Bilsky ESCC grade";
    public const string Version = "Bilsky 2010";
    public const string Source = "Bilsky MH et al. J Neurosurg Spine 2010;13:324–328";

    public static readonly ScoreBand LowGrade = new("low-grade", "ESCC 0–1b: low grade");

    public static readonly ScoreBand LowGradeSpineReview =
        new("low-grade-spine-review", "ESCC 1c: low grade under local policy; flag for spine team review");

    public static readonly ScoreBand HighGrade =
        new("high-grade", "ESCC 2–3: high grade (cord compressed); NICE NG234 treats this as an emergency");

    public static ScoreResult Grade(BoneLesion lesion, Escc1cPolicy policy)
    {
        var sheet = new ScoreSheet();
        sheet.Item("grade", ObservationCodes.EsccGrade, lesion.EsccGrade, lesion.Source, FindingCodes.EsccGrade.Code, _ => null);
        ScoreBand? band = null;
        if (lesion.EsccGrade is { } grade)
        {
            band = BandFor(grade, policy);
            if (grade == EsccGrade.Grade1c)
            {
                sheet.Note(policy == Escc1cPolicy.HighGrade
                    ? "ESCC 1c read as high grade (local policy setting); Bilsky 2010 gives 1c no agreed placement."
                    : "ESCC 1c read as low grade (local policy); Bilsky 2010 gives 1c no agreed placement: spine team to review.");
            }
        }

        return sheet.Result(Name, Version, Source, null, band);
    }

    public static ScoreBand BandFor(EsccGrade grade, Escc1cPolicy policy) => grade switch
    {
        EsccGrade.Grade0 or EsccGrade.Grade1a or EsccGrade.Grade1b => LowGrade,
        EsccGrade.Grade1c => policy == Escc1cPolicy.HighGrade ? HighGrade : LowGradeSpineReview,
        EsccGrade.Grade2 or EsccGrade.Grade3 => HighGrade,
        _ => throw new ArgumentOutOfRangeException(nameof(grade), grade, null),
    };

    /// <summary>High grade for the NOMS "N" decision (1c per policy).</summary>
    public static bool IsHighGrade(EsccGrade grade, Escc1cPolicy policy) => BandFor(grade, policy) == HighGrade;
}
