using BoneMets.Fhir.Triage.Findings;

namespace BoneMets.Fhir.Triage.Scores;

/// <summary>
/// CTCAE v5.0 hypercalcemia grade, on the corrected calcium of <see cref="CorrectedCalcium"/>.
/// U.S. Department of Health and Human Services, NCI. Common Terminology Criteria for Adverse Events v5.0, 2017.
/// <code>
/// grade 1  &gt; ULN – 11.5 mg/dL
/// grade 2  &gt; 11.5 – 12.5 mg/dL
/// grade 3  &gt; 12.5 – 13.5 mg/dL
/// grade 4  &gt; 13.5 mg/dL
/// </code>
/// ULN from <see cref="ScoreSettings.CalciumUpperLimitOfNormalMgPerDl"/> (default 10.5). Total 0 means
/// "not above the ULN". Only the calcium criterion is graded: CTCAE's ionised-calcium and clinical
/// criteria (symptoms, hospitalisation, life-threatening) are for the clinician. Near the top the two
/// schemes disagree (13.8 mg/dL is "moderate" and grade 4): triage should act on the more urgent.
/// </summary>
public static class CtcaeHypercalcemia
{
    public const string Name = "CTCAE hypercalcemia grade";
    public const string Version = "CTCAE v5.0";
    public const string Source = "U.S. DHHS, National Cancer Institute. Common Terminology Criteria for Adverse Events (CTCAE) v5.0, 2017";

    public static readonly ScoreBand Grade0 = new("grade-0", "not above the upper limit of normal");
    public static readonly ScoreBand Grade1 = new("grade-1", "grade 1: > ULN to 11.5 mg/dL");
    public static readonly ScoreBand Grade2 = new("grade-2", "grade 2: > 11.5 to 12.5 mg/dL");
    public static readonly ScoreBand Grade3 = new("grade-3", "grade 3: > 12.5 to 13.5 mg/dL");
    public static readonly ScoreBand Grade4 = new("grade-4", "grade 4: > 13.5 mg/dL");

    public static ScoreResult Grade(ClinicalFindings findings, ScoreSettings settings)
    {
        var sheet = new ScoreSheet();
        var corrected = CorrectedCalcium.Correct(findings, settings, sheet);
        sheet.Note($"Upper limit of normal: {settings.CalciumUpperLimitOfNormalMgPerDl} mg/dL.");
        int? grade = corrected is { } value ? GradeFor(value, settings.CalciumUpperLimitOfNormalMgPerDl) : null;
        if (corrected is { } shown)
        {
            sheet.Scored("corrected calcium", $"{CorrectedCalcium.Show(shown)} mg/dL", grade);
        }

        return sheet.Result(Name, Version, Source, grade, grade is { } g ? BandFor(g) : null);
    }

    public static int GradeFor(decimal correctedMgPerDl, decimal upperLimitOfNormalMgPerDl) => correctedMgPerDl switch
    {
        > 13.5m => 4,
        > 12.5m => 3,
        > 11.5m => 2,
        _ when correctedMgPerDl > upperLimitOfNormalMgPerDl => 1,
        _ => 0,
    };

    public static ScoreBand BandFor(int grade) => grade switch
    {
        0 => Grade0,
        1 => Grade1,
        2 => Grade2,
        3 => Grade3,
        4 => Grade4,
        _ => throw new ArgumentOutOfRangeException(nameof(grade), grade, "CTCAE grade is 0–4 here."),
    };
}
