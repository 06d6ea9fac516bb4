using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage.Rules;
using Hl7.Fhir.Model;
using static BoneMets.Fhir.Tests.Triage.Cases;
using static BoneMets.Fhir.Tests.Triage.Findings.Fhir;

namespace BoneMets.Fhir.Tests.Triage.Rules;

/// <summary>
/// Requests to the referring team: only inputs that could change the urgency or the routing, each saying what is
/// needed and why. One row per request: the situation, and the start of what is asked for (or "nothing").
/// </summary>
public class MissingInputsTests
{
    private static readonly Dictionary<string, Resource[]> Situations = new()
    {
        ["spinal lesion without ESCC"] = [Spine("t8", "T8", escc: null), .. NoNeurology(), Calcium(9m), Albumin(4m)],
        ["spinal pain, no imaging"] = [Sign(ObservationCodes.ThoracicOrCervicalPain), .. NoNeurology(), Calcium(9m), Albumin(4m)],
        ["spinal lesion, neurology not recorded"] = [Spine("t8", "T8"), Calcium(9m), Albumin(4m)],
        ["no lesion at all"] = [Calcium(9m), Albumin(4m), .. NoNeurology()],
        ["lesion without a site"] = [Lesion("x", Component(ObservationCodes.LesionType, CodeSystems.LesionType, "lytic")), Calcium(9m), Albumin(4m)],
        ["SINS between 4 and 8"] = [Spine("t8", "T8", "mechanical", "blastic", null, "none", "none"), .. NoNeurology(), Calcium(9m), Albumin(4m)],
        ["SINS at most 6"] = [Spine("t8", "T8", "pain-free", "blastic", "normal", null, "none"), .. NoNeurology(), Calcium(9m), Albumin(4m)],
        ["Mirels between 7 and 9"] = [LongBone("femur", "lower-limb", null, "mixed", 50m), Sign(ObservationCodes.UnableToBearWeight, false), Calcium(9m), Albumin(4m)],
        ["Mirels at least 9, pain missing"] = [LongBone("femur", "lower-limb", null, "lytic", 70m), Sign(ObservationCodes.UnableToBearWeight, true), Calcium(9m), Albumin(4m)],
        ["Mirels at most 6"] = [LongBone("humerus", "upper-limb", "mild", "blastic", null), Calcium(9m), Albumin(4m)],
        ["no calcium"] = [LongBone("humerus", "upper-limb", "mild", "blastic", 10m)],
        ["calcium without albumin"] = [LongBone("humerus", "upper-limb", "mild", "blastic", 10m), Calcium(9m)],
        ["moderate calcium, features not recorded"] = [LongBone("humerus", "upper-limb", "mild", "blastic", 10m), Calcium(12.5m), Albumin(4m)],
        ["severe calcium, features not recorded"] = [LongBone("humerus", "upper-limb", "mild", "blastic", 10m), Calcium(14.5m), Albumin(4m)],
        ["femur Mirels 8, weight bearing not recorded"] = [LongBone("femur", "lower-limb", "moderate", "mixed", 50m), Calcium(9m), Albumin(4m)],
        ["femur Mirels 12, weight bearing not recorded"] = [LongBone("femur", "peritrochanteric", "functional", "lytic", 70m), Calcium(9m), Albumin(4m)],
        ["complete femur case"] = [LongBone("femur", "lower-limb", "moderate", "mixed", 50m), Sign(ObservationCodes.UnableToBearWeight, false), Calcium(9m), Albumin(4m)],
    };

    [Theory]
    [InlineData("spinal lesion without ESCC", MissingInputs.MriWholeSpine)]
    [InlineData("spinal pain, no imaging", MissingInputs.MriWholeSpine)]
    [InlineData("spinal lesion, neurology not recorded", MissingInputs.NeurologicalAssessment)]
    [InlineData("no lesion at all", "Imaging report locating the bone metastases")]
    [InlineData("lesion without a site", "Site of the lesion Observation/x")]
    [InlineData("SINS between 4 and 8", "SINS items for the T8 lesion (Observation/t8): spinal-alignment")]
    [InlineData("Mirels between 7 and 9", "Mirels items for the lower-limb lesion (Observation/femur): mirels-pain")]
    [InlineData("Mirels at most 6", "Mirels items for the upper-limb lesion (Observation/humerus): diameter-fraction")]
    [InlineData("Mirels at least 9, pain missing", "Mirels items for the lower-limb lesion (Observation/femur): mirels-pain")]
    [InlineData("no calcium", "Serum calcium and albumin")]
    [InlineData("calcium without albumin", "Serum albumin")]
    [InlineData("moderate calcium, features not recorded", "Hypercalcaemia symptoms and signs: acute-kidney-injury, arrhythmia, confusion, vomiting-dehydration")]
    [InlineData("femur Mirels 8, weight bearing not recorded", "Weight-bearing status")]
    public void For_Situation_AsksForWhatCouldChangeTheDecision(string situation, string asked)
    {
        var missing = Decide(Situations[situation]).Missing;

        var request = Assert.Single(missing, m => m.What.StartsWith(asked, StringComparison.Ordinal));
        Assert.False(string.IsNullOrWhiteSpace(request.Why));
    }

    [Theory]
    [InlineData("SINS at most 6")]
    [InlineData("severe calcium, features not recorded")]
    [InlineData("femur Mirels 12, weight bearing not recorded")]
    [InlineData("complete femur case")]
    public void For_MissingInputsThatCannotChangeTheDecision_AreNotAskedFor(string situation)
    {
        Assert.Empty(Decide(Situations[situation]).Missing);
    }

    [Fact]
    public void For_PrognosticScoreInputs_AreNotAskedFor()
    {
        // Tokuhashi, Bauer and NESMS lack almost everything here; none of it changes urgency or routing.
        var missing = Decide(Situations["complete femur case"]).Missing;

        Assert.DoesNotContain(missing, m => m.What.Contains("Karnofsky", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void For_MriRequest_SaysWhyInTheReferrersTerms()
    {
        var request = Assert.Single(Decide(Situations["spinal lesion without ESCC"]).Missing);

        Assert.Equal(MissingInputs.MriWholeSpine, request.What);
        Assert.StartsWith("needed to grade cord compression", request.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void For_ValueSentButUnusable_SaysSoWithoutRepeatingTheValue()
    {
        var calcium = Calcium(9.5m);
        ((Quantity)calcium.Value).System = "http://example.org/not-ucum";

        var request = Assert.Single(Decide(calcium, Albumin(4m)).Missing, m => m.What == "Serum calcium");

        Assert.Contains("Observation/calcium (serum-calcium): unit has no UCUM code", request.Why, StringComparison.Ordinal);
        Assert.DoesNotContain("9.5", request.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void For_MirelsPainMissingWhileAnotherRuleSetTheUrgency_StillAskedAndSaysWhy()
    {
        // lower limb 2 + lytic 3 + > 2/3 3 = 8, pain 1–3: at least 9 (fixation) whatever the pain; unable to bear weight is urgent anyway.
        var decision = Decide(Situations["Mirels at least 9, pain missing"]);

        Assert.Equal(BoneMets.Fhir.Triage.Urgency.Urgent, decision.Urgency);
        var request = Assert.Single(decision.Missing, m => m.What.StartsWith("Mirels items", StringComparison.Ordinal));
        Assert.StartsWith("needed to complete the Mirels score the team reads (now between 9 and 11: the band is already ≥ 9, prophylactic fixation", request.Why, StringComparison.Ordinal);
    }
}
