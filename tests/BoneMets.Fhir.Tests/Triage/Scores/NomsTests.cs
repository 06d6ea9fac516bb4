using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage.Findings;
using BoneMets.Fhir.Triage.Scores;
using static BoneMets.Fhir.Tests.Triage.Scores.Given;

namespace BoneMets.Fhir.Tests.Triage.Scores;

public class NomsTests
{
    private static ClinicalFindings Patient(PrimarySite? site) => new()
    {
        PrimaryCancer = site is { } s ? Found(s, "Condition/primary") : null,
    };

    private static ScoreResult Suggest(PrimarySite? site, EsccGrade? escc, ScoreSettings? settings = null) =>
        Noms.Suggest(SpinalLesion(escc: escc), Patient(site), settings ?? ScoreSettings.Default);

    [Theory]
    [InlineData(PrimarySite.Lymphoma, EsccGrade.Grade3, "conventional-radiotherapy")]
    [InlineData(PrimarySite.Myeloma, EsccGrade.Grade2, "conventional-radiotherapy")]
    [InlineData(PrimarySite.Testis, EsccGrade.Grade0, "conventional-radiotherapy")]
    [InlineData(PrimarySite.Kidney, EsccGrade.Grade0, "stereotactic-radiosurgery")]
    [InlineData(PrimarySite.Melanoma, EsccGrade.Grade1b, "stereotactic-radiosurgery")]
    [InlineData(PrimarySite.Thyroid, EsccGrade.Grade1c, "stereotactic-radiosurgery")]
    [InlineData(PrimarySite.Colon, EsccGrade.Grade2, "separation-surgery-if-fit")]
    [InlineData(PrimarySite.Rectum, EsccGrade.Grade3, "separation-surgery-if-fit")]
    public void Suggest_KnownRadiosensitivity_FollowsNoms(PrimarySite site, EsccGrade escc, string pathway) =>
        Assert.Equal(pathway, Suggest(site, escc).Band?.Code);

    [Theory]
    [InlineData(PrimarySite.Breast)]
    [InlineData(PrimarySite.Prostate)]
    [InlineData(PrimarySite.Lung)]
    [InlineData(PrimarySite.Other)]
    public void Suggest_SiteNotInTable_NoPathwayAndSaysRadiosensitivityUnknown(PrimarySite site)
    {
        var result = Suggest(site, EsccGrade.Grade2);

        Assert.Null(result.Band);
        Assert.Contains(result.Notes, n => n == $"Radiosensitivity of {site} is not in the configured table: unknown, no radiation pathway suggested.");
        Assert.Contains(new ScoreItem("oncologic: radiosensitivity", $"{site}: not in the table (unknown)", null), result.Items);
    }

    [Fact]
    public void Suggest_ConfiguredTable_IsUsedInsteadOfTheDefault()
    {
        var settings = ScoreSettings.Default with
        {
            Radiosensitivity = new Dictionary<PrimarySite, Radiosensitivity> { [PrimarySite.Breast] = Radiosensitivity.Radiosensitive },
            RadiosensitivitySource = "Local table 2025",
        };

        var result = Suggest(PrimarySite.Breast, EsccGrade.Grade3, settings);

        Assert.Equal(Noms.ConventionalRadiotherapy, result.Band);
        Assert.Contains("Radiosensitivity table: Local table 2025.", result.Notes);
    }

    [Fact]
    public void Suggest_OneCUnderHighGradePolicy_SeparationSurgeryIfFit() =>
        Assert.Equal(
            Noms.SeparationSurgeryIfFit,
            Suggest(PrimarySite.Kidney, EsccGrade.Grade1c, ScoreSettings.Default with { Escc1c = Escc1cPolicy.HighGrade }).Band);

    [Fact]
    public void Suggest_OneCDefaultPolicy_RadiosurgeryFlaggedForSpineReview()
    {
        var result = Suggest(PrimarySite.Kidney, EsccGrade.Grade1c);

        Assert.Equal(Noms.StereotacticRadiosurgery, result.Band);
        Assert.Contains("ESCC 1c read as low grade (local policy): spine team to review.", result.Notes);
    }

    [Fact]
    public void Suggest_PrimaryMissing_NoPathwayAndPrimaryListedMissing()
    {
        var result = Suggest(null, EsccGrade.Grade2);

        Assert.Null(result.Band);
        Assert.Equal([FindingNames.PrimaryCancer], result.Missing);
    }

    [Fact]
    public void Suggest_RadioresistantWithoutEscc_NoPathway()
    {
        var result = Suggest(PrimarySite.Kidney, null);

        Assert.Null(result.Band);
        Assert.Equal([ObservationCodes.EsccGrade], result.Missing);
        Assert.Equal(["Condition/primary", LesionSource], result.DerivedFrom); // the lesion still fed SINS
    }

    [Fact]
    public void Suggest_RadiosensitiveWithoutEscc_ConventionalButEsccStillListedMissing()
    {
        var result = Suggest(PrimarySite.Lymphoma, null);

        Assert.Equal(Noms.ConventionalRadiotherapy, result.Band);
        Assert.Equal([ObservationCodes.EsccGrade], result.Missing);
    }

    [Fact]
    public void Suggest_TestisPrimary_AsksToConfirmSeminoma() =>
        Assert.Contains(Suggest(PrimarySite.Testis, EsccGrade.Grade0).Notes, n => n.StartsWith("Testis primary read as seminoma", StringComparison.Ordinal));

    [Theory]
    [InlineData(SpinalAlignment.Subluxation, VertebralCollapse.Over50, "indicated (unstable)", "Mechanical instability (SINS 15)")]
    [InlineData(SpinalAlignment.Normal, VertebralCollapse.None, "spine surgical opinion (potentially unstable)", "SINS 8 is potentially unstable")]
    public void Suggest_StabilisationItem_FollowsSinsBand(SpinalAlignment alignment, VertebralCollapse collapse, string expected, string note)
    {
        // T12 junctional 3 + mechanical 3 + lytic 2 + alignment (4 | 0) + collapse (3 | 0) + none 0 = 15 | 8.
        var lesion = SpinalLesion("T12", SpinalPain.Mechanical, LesionType.Lytic, alignment, collapse, escc: EsccGrade.Grade1a);

        var result = Noms.Suggest(lesion, Patient(PrimarySite.Kidney), ScoreSettings.Default);

        Assert.Contains(new ScoreItem(Noms.StabilisationItem, expected, null), result.Items);
        Assert.Contains(result.Notes, n => n.StartsWith(note, StringComparison.Ordinal));
        Assert.Equal(Noms.StereotacticRadiosurgery, result.Band);
    }

    [Fact]
    public void Suggest_StableLesion_StabilisationNotIndicated() =>
        Assert.Contains(new ScoreItem(Noms.StabilisationItem, "not indicated (stable)", null), Suggest(PrimarySite.Kidney, EsccGrade.Grade0).Items);

    [Fact]
    public void Suggest_SinsIncomplete_StabilisationUnknownAndSinsInputsMissing()
    {
        var lesion = SpinalLesion(pain: null, escc: EsccGrade.Grade0);

        var result = Noms.Suggest(lesion, Patient(PrimarySite.Kidney), ScoreSettings.Default);

        Assert.Contains(new ScoreItem(Noms.StabilisationItem, null, null), result.Items);
        Assert.Equal([ObservationCodes.SpinalPain], result.Missing);
    }

    [Fact]
    public void Suggest_NeurologicalSigns_ReportedWithSourceAndEmergencyNote()
    {
        var findings = Patient(PrimarySite.Lymphoma) with
        {
            Signs = new Dictionary<string, Finding<bool>>
            {
                [ObservationCodes.LimbWeakness] = Found(true, "Observation/weak"),
                [ObservationCodes.SensoryLoss] = Found(false, "Observation/sensory"),
            },
        };

        var result = Noms.Suggest(SpinalLesion(escc: EsccGrade.Grade2), findings, ScoreSettings.Default);

        Assert.Contains(new ScoreItem("neurologic: neurological signs", "present: limb-weakness", null), result.Items);
        Assert.Equal([LesionSource, "Observation/weak", "Condition/primary"], result.DerivedFrom);
        Assert.Contains(result.Notes, n => n.Contains("NICE NG234", StringComparison.Ordinal));
    }

    private static ScoreResult WithFitness(PrimarySite site, EsccGrade escc, bool? fit) => Noms.Suggest(
        SpinalLesion(escc: escc),
        Patient(site) with { FitForSurgery = fit is { } f ? Found(f, "Observation/fit") : null },
        ScoreSettings.Default);

    [Theory]
    [InlineData(PrimarySite.Kidney, EsccGrade.Grade2, true, "separation-surgery-then-radiosurgery", "fit for surgery (treating team)")]
    [InlineData(PrimarySite.Melanoma, EsccGrade.Grade3, true, "separation-surgery-then-radiosurgery", "fit for surgery (treating team)")]
    [InlineData(PrimarySite.Kidney, EsccGrade.Grade2, false, "conventional-radiotherapy", "not fit for surgery (treating team)")]
    [InlineData(PrimarySite.Thyroid, EsccGrade.Grade3, false, "conventional-radiotherapy", "not fit for surgery (treating team)")]
    [InlineData(PrimarySite.Kidney, EsccGrade.Grade1b, false, "stereotactic-radiosurgery", "not fit for surgery (treating team)")]
    [InlineData(PrimarySite.Lymphoma, EsccGrade.Grade3, true, "conventional-radiotherapy", "fit for surgery (treating team)")]
    public void Suggest_FitnessRecorded_DefinitePathway(PrimarySite site, EsccGrade escc, bool fit, string pathway, string item)
    {
        var result = WithFitness(site, escc, fit);

        Assert.Equal(pathway, result.Band?.Code);
        Assert.Contains(new ScoreItem("systemic: can tolerate surgery", item, null), result.Items);
        Assert.Contains("Observation/fit", result.DerivedFrom);
        Assert.Empty(result.Missing);
    }

    [Fact]
    public void Suggest_RadioresistantHighGradeFitnessMissing_ConditionalPathwayAndFitnessListedMissing()
    {
        var result = WithFitness(PrimarySite.Kidney, EsccGrade.Grade2, null);

        Assert.Equal(Noms.SeparationSurgeryIfFit, result.Band);
        Assert.Equal([ObservationCodes.FitForSurgery], result.Missing);
        Assert.Contains(new ScoreItem("systemic: can tolerate surgery", null, null), result.Items);
        Assert.Contains(result.Notes, n => n.StartsWith("Fitness for surgery not recorded (fit-for-surgery): not derived from ASA class", StringComparison.Ordinal));
    }

    [Fact]
    public void Suggest_PathwayIndependentOfFitness_FitnessNotListedMissing()
    {
        var result = WithFitness(PrimarySite.Kidney, EsccGrade.Grade1a, null);

        Assert.Empty(result.Missing);
        Assert.Contains(new ScoreItem("systemic: can tolerate surgery", "not recorded (the suggested pathway does not depend on it)", null), result.Items);
    }

    [Theory]
    [InlineData(FrankelGrade.D, "present: Frankel grade D (motor useful)")]
    [InlineData(FrankelGrade.A, "present: Frankel grade A (complete: no motor or sensory function below the lesion)")]
    [InlineData(FrankelGrade.E, "none (recorded absent)")]
    public void Suggest_FrankelGrade_ReachesTheNeurologicItem(FrankelGrade grade, string input)
    {
        var findings = Patient(PrimarySite.Kidney) with { FrankelGrade = Found(grade, "Observation/frankel") };

        var result = Noms.Suggest(SpinalLesion(escc: EsccGrade.Grade0), findings, ScoreSettings.Default);

        Assert.Contains(new ScoreItem("neurologic: neurological signs", input, null), result.Items);
        Assert.Equal(grade != FrankelGrade.E, result.Notes.Any(n => n.Contains("NICE NG234", StringComparison.Ordinal)));
    }
}
