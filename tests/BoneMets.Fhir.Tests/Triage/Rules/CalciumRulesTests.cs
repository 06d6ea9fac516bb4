using BoneMets.Fhir.Options;
using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage;
using Hl7.Fhir.Model;
using static BoneMets.Fhir.Tests.Triage.Cases;

namespace BoneMets.Fhir.Tests.Triage.Rules;

/// <summary>
/// Hypercalcaemia (bands mild 10.5–11.9, moderate 12.0–13.9, severe ≥ 14 mg/dL; CTCAE v5 grades; local policy:
/// severe, grade 4 or any level with an emergency feature → emergency, moderate → urgent; the more urgent wins).
/// Albumin 4.0 g/dL leaves the measured value unchanged, so each row's calcium is the corrected one.
/// </summary>
public class CalciumRulesTests
{
    [Theory]
    [InlineData("10.49", "routine", "orthopaedic-oncology", "calcium-normal")]
    [InlineData("10.50", "routine", "medical-oncology", "hypercalcaemia-mild")]
    [InlineData("11.99", "routine", "medical-oncology", "hypercalcaemia-mild")]
    [InlineData("12.00", "urgent", "medical-oncology", "hypercalcaemia-moderate")]
    [InlineData("13.50", "urgent", "medical-oncology", "hypercalcaemia-moderate")]
    [InlineData("13.51", "emergency", "medical-oncology", "hypercalcaemia-grade-4")]
    [InlineData("13.80", "emergency", "medical-oncology", "hypercalcaemia-grade-4")]
    [InlineData("14.00", "emergency", "medical-oncology", "hypercalcaemia-severe")]
    public void Assess_CorrectedCalcium_BandGradeAndPolicy(string mgPerDl, string urgency, string teams, string rule)
    {
        var decision = Decide([Calcium(decimal.Parse(mgPerDl, System.Globalization.CultureInfo.InvariantCulture)), Albumin(4.0m), .. NoHypercalcaemiaFeatures()]);

        Assert.Equal(urgency, decision.UrgencyCode);
        Assert.Equal(teams.Split(' '), decision.Routes.Select(r => r.Team));
        Assert.Contains(decision.Reasons, r => r.Rule == rule);
    }

    [Theory]
    [MemberData(nameof(EmergencyFeatures))]
    public void Assess_MildWithAnEmergencyFeature_IsAnEmergency(string feature)
    {
        var decision = Decide(Calcium(10.6m), Albumin(4.0m), Sign(feature));

        Assert.Equal(Urgency.Emergency, decision.Urgency);
        Assert.Contains(feature, Assert.Single(decision.Reasons, r => r.Rule == "hypercalcaemia-with-features").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_EmergencyFeatureWithNormalCalcium_IsNotHypercalcaemia()
    {
        var decision = Decide(Calcium(9.5m), Albumin(4.0m), Sign(ObservationCodes.Confusion));

        Assert.Equal(Urgency.Routine, decision.Urgency);
        Assert.Contains(decision.Reasons, r => r.Rule == "calcium-normal");
    }

    [Fact]
    public void Assess_SiUnitsAndLowAlbumin_CorrectsBeforeBanding()
    {
        // 2.90 mmol/L = 11.62 mg/dL; albumin 30 g/L adds 0.8 → 12.42: moderate.
        var decision = Decide([Calcium(2.90m, "mmol/L"), Albumin(30m, "g/L"), .. NoHypercalcaemiaFeatures()]);

        Assert.Equal(Urgency.Urgent, decision.Urgency);
        Assert.StartsWith("Corrected calcium 12.42 mg/dL: moderate band, CTCAE v5 grade 2",
            Assert.Single(decision.Reasons, r => r.Rule == "hypercalcaemia-moderate").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_AlbuminMissingAndMeasuredAlreadySevere_TriagesOnTheFloor()
    {
        var decision = Decide(Calcium(14.2m));

        Assert.Equal(Urgency.Emergency, decision.Urgency);
        Assert.Contains("albumin missing", Assert.Single(decision.Reasons, r => r.Rule == "hypercalcaemia-severe").Text, StringComparison.Ordinal);
        var calcium = Assert.Single(decision.Observations, o => o.Code.Coding[0].Code == ObservationCodes.CorrectedCalcium);
        Assert.Null(calcium.Value); // the corrected value itself is not computed from partial inputs
    }

    [Fact]
    public void Assess_AlbuminMissingAndMeasuredNormal_CannotExcludeAndAsksForAlbumin()
    {
        var decision = Decide(Calcium(9.0m));

        Assert.Contains(decision.Reasons, r => r.Rule == "calcium-incomplete");
        Assert.Contains(decision.Missing, m => m.What.StartsWith("Serum albumin", StringComparison.Ordinal));
    }

    [Fact]
    public void Assess_AlbuminAbove4_DoesNotCorrectDownwardUnlessConfigured()
    {
        Resource[] resources = [Calcium(12.1m), Albumin(4.5m), .. NoHypercalcaemiaFeatures()];

        var byDefault = Decide(resources);
        var options = new TriageOptions { CorrectCalciumWhenAlbuminAbove4 = true };
        var corrected = Engine(options).Assess(Of(resources), Now);

        Assert.Equal(Urgency.Urgent, byDefault.Urgency);   // 12.10: moderate
        Assert.Equal(Urgency.Routine, corrected.Urgency);  // 12.1 − 0.4 = 11.70: mild
    }

    [Fact]
    public void Assess_ConfiguredUpperLimitOfNormal_MovesCtcaeGrade1()
    {
        var options = new TriageOptions { CalciumUpperLimitMgPerDl = 10.2m };

        var decision = Engine(options).Assess(Of([Calcium(10.3m), Albumin(4.0m), .. NoHypercalcaemiaFeatures()]), Now);

        Assert.Contains("CTCAE v5 grade 1", Assert.Single(decision.Reasons, r => r.Rule == "hypercalcaemia-mild").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_ReasonEvidence_NamesTheLabObservations()
    {
        var reason = Assert.Single(Decide(Calcium(12.5m), Albumin(4.0m)).Reasons, r => r.Rule == "hypercalcaemia-moderate");

        Assert.Equal(["Observation/calcium", "Observation/albumin"], reason.Evidence);
    }

    public static TheoryData<string> EmergencyFeatures => new(ObservationCodes.HypercalcaemiaEmergencyFeatures);

    [Fact]
    public void Assess_AlbuminAbove4NotCorrected_SaysMeasuredAndNotCorrected()
    {
        // Albumin 4.3 g/dL: the local policy does not correct downward, so 14.20 is the measured calcium, not a corrected one.
        var decision = Decide([Calcium(14.2m), Albumin(4.3m), .. NoHypercalcaemiaFeatures()]);

        var text = Assert.Single(decision.Reasons, r => r.Rule == "hypercalcaemia-severe").Text;
        Assert.StartsWith("Calcium 14.20 mg/dL, measured and not corrected (albumin 4.3 g/dL is above 4.0: local policy Triage:CorrectCalciumWhenAlbuminAbove4)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Corrected calcium", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_AlbuminAbove4WithCorrectionOn_CorrectedDownAndSaysCorrected()
    {
        // 14.20 + 0.8 × (4.0 − 4.3) = 13.96: moderate band, CTCAE grade 4 → emergency on the grade.
        var options = new TriageOptions { CorrectCalciumWhenAlbuminAbove4 = true };
        var decision = Engine(options).Assess(Of([Calcium(14.2m), Albumin(4.3m), .. NoHypercalcaemiaFeatures()]), Now);

        Assert.StartsWith("Corrected calcium 13.96 mg/dL: moderate band, CTCAE v5 grade 4",
            Assert.Single(decision.Reasons, r => r.Rule == "hypercalcaemia-grade-4").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_SiCalciumNotCorrected_ShowsWhatWasSent()
    {
        // 3.55 mmol/L × 4.008 = 14.2284 → 14.23 mg/dL; albumin 45 g/L = 4.5 g/dL: not corrected.
        var decision = Decide([Calcium(3.55m, "mmol/L"), Albumin(45m, "g/L"), .. NoHypercalcaemiaFeatures()]);

        Assert.StartsWith("Calcium 14.23 mg/dL (3.55 mmol/L as sent), measured and not corrected (albumin 4.5 g/dL",
            Assert.Single(decision.Reasons, r => r.Rule == "hypercalcaemia-severe").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_SiLabs_ItemsShowTheValueAsSentAndConverted()
    {
        var scored = Engine().Evaluate(Of([Calcium(2.90m, "mmol/L"), Albumin(30m, "g/L")]), Now);

        var items = scored.Scores.CorrectedCalcium.Items;
        Assert.Equal("2.90 mmol/L as sent = 11.62 mg/dL", items.Single(i => i.Name == "measured calcium").Input);
        Assert.Equal("30 g/L as sent = 3.0 g/dL", items.Single(i => i.Name == "albumin").Input);
    }
}
