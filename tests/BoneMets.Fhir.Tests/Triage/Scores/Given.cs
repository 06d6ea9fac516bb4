using System.Globalization;
using BoneMets.Fhir.Triage.Findings;

namespace BoneMets.Fhir.Tests.Triage.Scores;

/// <summary>Findings and lesions for score tests, built directly (the reader has its own tests).</summary>
internal static class Given
{
    public const string LesionSource = "Observation/lesion-1";

    public static Finding<T> Found<T>(T value, string source) => new(value, source, null);

    public static decimal Dec(string value) => decimal.Parse(value, CultureInfo.InvariantCulture);

    public static SpinalLevel Level(string code) =>
        SpinalLevel.TryParse(code, out var level) ? level : throw new ArgumentException($"not a level: {code}", nameof(code));

    public static BoneLesion LongBoneLesion(
        MirelsSite? site = MirelsSite.LowerLimb,
        MirelsPain? pain = MirelsPain.Moderate,
        LesionType? type = LesionType.Mixed,
        decimal? percent = 50m) => new()
        {
            Source = LesionSource,
            MirelsSite = site,
            MirelsPain = pain,
            Type = type,
            DiameterFractionPercent = percent,
        };

    public static BoneLesion SpinalLesion(
        string? level = "T6",
        SpinalPain? pain = SpinalPain.PainFree,
        LesionType? type = LesionType.Blastic,
        SpinalAlignment? alignment = SpinalAlignment.Normal,
        VertebralCollapse? collapse = VertebralCollapse.None,
        PosterolateralInvolvement? posterolateral = PosterolateralInvolvement.None,
        EsccGrade? escc = EsccGrade.Grade0) => new()
        {
            Source = LesionSource,
            SpinalLevel = level is null ? null : Level(level),
            SpinalPain = pain,
            Type = type,
            Alignment = alignment,
            Collapse = collapse,
            Posterolateral = posterolateral,
            EsccGrade = escc,
        };

    /// <summary>A patient for whom every per-patient score is complete; override what a test is about.</summary>
    public static ClinicalFindings CompletePatient() => new()
    {
        PrimaryCancer = Found(PrimarySite.Breast, "Condition/primary"),
        Karnofsky = Found(90, "Observation/kps"),
        ExtraspinalBoneMetastases = Found(0, "Observation/extraspinal"),
        VertebralBodyMetastases = Found(1, "Observation/vertebral"),
        VisceralMetastases = Found(VisceralMetastases.None, "Observation/visceral"),
        FrankelGrade = Found(FrankelGrade.E, "Observation/frankel"),
        AmbulatoryStatus = Found(AmbulatoryStatus.Independent, "Observation/ambulation"),
        CalciumMgPerDl = Found(10.0m, "Observation/calcium"),
        AlbuminGPerDl = Found(4.0m, "Observation/albumin"),
    };
}
