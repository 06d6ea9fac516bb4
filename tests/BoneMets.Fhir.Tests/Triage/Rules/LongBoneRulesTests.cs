using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage;
using Hl7.Fhir.Model;
using static BoneMets.Fhir.Tests.Triage.Cases;

namespace BoneMets.Fhir.Tests.Triage.Rules;

/// <summary>
/// Long bones (Mirels 1989 bands; local policy after BOAST 2022): one row per band edge and per local-policy finding.
/// Totals: site upper 1 / lower 2 / peritrochanteric 3; pain mild 1 / moderate 2 / functional 3; blastic 1 / mixed 2 /
/// lytic 3; size &lt; 1/3 1, 1/3–2/3 2, &gt; 2/3 3.
/// </summary>
public class LongBoneRulesTests
{
    private static readonly Dictionary<string, Resource[]> Situations = new()
    {
        ["Mirels 4"] = [LongBone("humerus", "upper-limb", "mild", "blastic", 10m)],
        ["Mirels 7"] = [LongBone("humerus", "upper-limb", "moderate", "mixed", 50m)],
        ["Mirels 8"] = [LongBone("femur", "lower-limb", "moderate", "mixed", 50m)],
        ["Mirels 9"] = [LongBone("femur", "lower-limb", "moderate", "lytic", 50m)],
        ["Mirels 12"] = [LongBone("femur", "peritrochanteric", "functional", "lytic", 70m)],
        ["Mirels 7, functional pain in the lower limb"] = [LongBone("femur", "lower-limb", "functional", "blastic", 10m)],
        ["Mirels 6, functional pain in the upper limb"] = [LongBone("humerus", "upper-limb", "functional", "blastic", 10m)],
        ["Mirels ≥ 9 with pain missing"] = [LongBone("femur", "peritrochanteric", null, "lytic", 70m)],
        ["Mirels ≤ 7 with size missing"] = [LongBone("humerus", "upper-limb", "mild", "blastic", null)],
        ["Mirels 8 or 9, pain missing"] = [LongBone("femur", "lower-limb", null, "mixed", 50m)],
        ["unable to bear weight"] = [Sign(ObservationCodes.UnableToBearWeight)],
        ["able to bear weight"] = [Sign(ObservationCodes.UnableToBearWeight, false)],
    };

    [Theory]
    [InlineData("Mirels 4", "routine", "radiation-oncology", "mirels-radiotherapy-observation")]
    [InlineData("Mirels 7", "routine", "radiation-oncology", "mirels-radiotherapy-observation")]
    [InlineData("Mirels 8", "routine", "orthopaedic-oncology", "mirels-clinical-judgement")]
    [InlineData("Mirels 9", "urgent", "orthopaedic-oncology", "mirels-prophylactic-fixation")]
    [InlineData("Mirels 12", "urgent", "orthopaedic-oncology", "mirels-prophylactic-fixation")]
    [InlineData("Mirels 7, functional pain in the lower limb", "urgent", "orthopaedic-oncology radiation-oncology", "long-bone-functional-pain")]
    [InlineData("Mirels 6, functional pain in the upper limb", "routine", "radiation-oncology", "mirels-radiotherapy-observation")]
    [InlineData("Mirels ≥ 9 with pain missing", "urgent", "orthopaedic-oncology", "mirels-prophylactic-fixation")]
    [InlineData("Mirels ≤ 7 with size missing", "routine", "radiation-oncology", "mirels-radiotherapy-observation")]
    [InlineData("Mirels 8 or 9, pain missing", "routine", "orthopaedic-oncology", "mirels-incomplete")]
    [InlineData("unable to bear weight", "urgent", "orthopaedic-oncology", "unable-to-bear-weight")]
    [InlineData("able to bear weight", "routine", "orthopaedic-oncology", "default-team")]
    public void Assess_Situation_UrgencyTeamsAndRule(string situation, string urgency, string teams, string rule)
    {
        var decision = Decide(Situations[situation]);

        Assert.Equal(urgency, decision.UrgencyCode);
        Assert.Equal(teams.Split(' '), decision.Routes.Select(r => r.Team));
        Assert.Contains(decision.Reasons, r => r.Rule == rule);
    }

    [Fact]
    public void Assess_Mirels8_IsTeamDiscussionNotFixation()
    {
        // "≥ 8 → fix", found in secondary sources, is not Mirels.
        var decision = Decide(Situations["Mirels 8"]);

        Assert.DoesNotContain(decision.Reasons, r => r.Rule == "mirels-prophylactic-fixation");
        Assert.Equal(Urgency.Routine, decision.Urgency);
    }

    [Fact]
    public void Assess_IncompleteMirels_ReasonSaysBetweenWhatTotalsAndTheTotalStaysUnknown()
    {
        var decision = Decide(Situations["Mirels 8 or 9, pain missing"]);

        var reason = Assert.Single(decision.Reasons, r => r.Rule == "mirels-incomplete");
        Assert.Contains("between 7 and 9", reason.Text, StringComparison.Ordinal);
        var mirels = Assert.Single(decision.Observations, o => o.Code.Coding[0].Code == ObservationCodes.Mirels);
        Assert.Null(mirels.Value);
    }

    [Fact]
    public void Assess_FixationReason_NamesTheScoreTheValueAndThePolicySetting()
    {
        var reason = Assert.Single(Decide(Situations["Mirels 9"]).Reasons, r => r.Rule == "mirels-prophylactic-fixation");

        Assert.StartsWith("Mirels 9 at the lower-limb lesion (Observation/femur)", reason.Text, StringComparison.Ordinal);
        Assert.Contains("Mirels H. Clin Orthop Relat Res 1989", reason.Source, StringComparison.Ordinal);
        Assert.Contains("Triage:Routing:MirelsFixation", reason.Source, StringComparison.Ordinal);
        Assert.Equal(["Observation/femur"], reason.Evidence);
    }
}
