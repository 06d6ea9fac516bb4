using BoneMets.Fhir.Options;
using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage;
using Score = BoneMets.Fhir.Triage.Scores;
using Hl7.Fhir.Model;
using static BoneMets.Fhir.Terminology.ObservationCodes;
using static BoneMets.Fhir.Tests.Triage.Cases;

namespace BoneMets.Fhir.Tests.Triage;

/// <summary>
/// The MSCC and spine rules as a table: one row per rule or band edge — the situation, the urgency, the teams and the
/// rule that must be among the reasons. Long-bone and calcium tables: Rules/LongBoneRulesTests, Rules/CalciumRulesTests.
/// </summary>
public class ScoreTriageTests
{
    private static readonly Dictionary<string, Resource[]> Situations = new()
    {
        ["nothing located"] = [Primary()],
        ["limb weakness"] = [Sign(LimbWeakness)],
        ["red flags recorded absent"] = [.. NoNeurology()],
        ["cord compression G95.20"] = [CordCompression()],
        ["cord compression G95.29"] = [CordCompression(ClinicalCodes.Icd10CordCompressionOther)],
        ["T8 ESCC 1b"] = [Spine("t8", "T8", escc: "1b")],
        ["T8 ESCC 1c"] = [Spine("t8", "T8", escc: "1c")],
        ["T8 ESCC 2"] = [Spine("t8", "T8", escc: "2")],
        ["T8 ESCC 3"] = [Spine("t8", "T8", escc: "3")],
        ["thoracic pain"] = [Sign(ThoracicOrCervicalPain)],
        ["SINS 6"] = [Spine("t8", "T8", "mechanical", "blastic", "normal", "under-50", "none")],
        ["SINS 7"] = [Spine("t8", "T8", "mechanical", "blastic", "normal", "under-50", "unilateral")],
        ["SINS 12"] = [Spine("l3", "L3", "mechanical", "lytic", "deformity", "under-50", "unilateral")],
        ["SINS 13"] = [Spine("l3", "L3", "mechanical", "lytic", "deformity", "over-50", "unilateral")],
        ["SINS ≥ 13 with alignment missing"] = [Spine("l3", "L3", "mechanical", "lytic", null, "over-50", "bilateral")],
        ["myeloma, ESCC 3"] = [Primary("C90.00"), Spine("t8", "T8", escc: "3")],
        ["thyroid, ESCC 1a"] = [Primary("C73"), Spine("c5", "C5", escc: "1a")],
        ["renal, ESCC 2"] = [Primary("C64.1"), Spine("t8", "T8", escc: "2")],
        ["renal, ESCC 2, fit"] = [Primary("C64.1"), Spine("t8", "T8", escc: "2"), Findings.Fhir.Project("fit", FitForSurgery, new FhirBoolean(true))],
        ["renal, ESCC 2, not fit"] = [Primary("C64.1"), Spine("t8", "T8", escc: "2"), Findings.Fhir.Project("fit", FitForSurgery, new FhirBoolean(false))],
        ["Frankel D, no lesion"] = [Findings.Fhir.Project("frankel", FrankelGrade, Findings.Fhir.Concept(CodeSystems.FrankelGrade, "D"))],
    };

    [Theory]
    [InlineData("nothing located", "routine", "orthopaedic-oncology", "default-team")]
    [InlineData("limb weakness", "emergency", "neurosurgical-spine radiation-oncology", "mscc-neurology")]
    [InlineData("red flags recorded absent", "routine", "orthopaedic-oncology", "default-team")]
    [InlineData("cord compression G95.20", "emergency", "neurosurgical-spine radiation-oncology", "mscc-cord-compression")]
    [InlineData("cord compression G95.29", "emergency", "neurosurgical-spine radiation-oncology", "mscc-cord-compression")]
    [InlineData("T8 ESCC 1b", "routine", "orthopaedic-oncology", "sins-stable")]
    [InlineData("T8 ESCC 1c", "routine", "neurosurgical-spine", "escc-1c-spine-review")]
    [InlineData("T8 ESCC 2", "emergency", "neurosurgical-spine radiation-oncology", "mscc-escc-high-grade")]
    [InlineData("T8 ESCC 3", "emergency", "neurosurgical-spine radiation-oncology", "mscc-escc-high-grade")]
    [InlineData("thoracic pain", "urgent", "neurosurgical-spine", "mscc-spinal-pain")]
    [InlineData("SINS 6", "routine", "orthopaedic-oncology", "sins-stable")]
    [InlineData("SINS 7", "routine", "neurosurgical-spine", "sins-potentially-unstable")]
    [InlineData("SINS 12", "routine", "neurosurgical-spine", "sins-potentially-unstable")]
    [InlineData("SINS 13", "urgent", "neurosurgical-spine", "sins-unstable")]
    [InlineData("SINS ≥ 13 with alignment missing", "urgent", "neurosurgical-spine", "sins-unstable")]
    [InlineData("myeloma, ESCC 3", "emergency", "neurosurgical-spine radiation-oncology", "noms-conventional-radiotherapy")]
    [InlineData("thyroid, ESCC 1a", "routine", "radiation-oncology", "noms-stereotactic-radiosurgery")]
    [InlineData("renal, ESCC 2", "emergency", "neurosurgical-spine radiation-oncology", "noms-separation-surgery-if-fit")]
    [InlineData("renal, ESCC 2, fit", "emergency", "neurosurgical-spine radiation-oncology", "noms-separation-surgery-then-radiosurgery")]
    [InlineData("renal, ESCC 2, not fit", "emergency", "neurosurgical-spine radiation-oncology", "noms-conventional-radiotherapy")]
    [InlineData("Frankel D, no lesion", "emergency", "neurosurgical-spine radiation-oncology", "mscc-neurology")]
    public void Assess_Situation_UrgencyTeamsAndRule(string situation, string urgency, string teams, string rule)
    {
        var decision = Decide(Situations[situation]);

        Assert.Equal(urgency, decision.UrgencyCode);
        Assert.Equal(teams.Split(' '), decision.Routes.Select(r => r.Team));
        Assert.Contains(decision.Reasons, r => r.Rule == rule);
    }

    [Theory]
    [MemberData(nameof(RedFlags))]
    public void Assess_AnyNeurologicalRedFlag_IsAnEmergencyForSpineAndRadiotherapy(string flag)
    {
        var decision = Decide(Sign(flag));

        Assert.Equal(Urgency.Emergency, decision.Urgency);
        Assert.Equal([CareTeams.NeurosurgicalSpine, CareTeams.RadiationOncology], decision.Routes.Select(r => r.Team));
        Assert.Contains(flag, Assert.Single(decision.Reasons, r => r.Rule == "mscc-neurology").Text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(SpinalPainSigns))]
    public void Assess_AnySpinalPainSuggestingMetastases_IsUrgent(string sign)
    {
        Assert.Equal(Urgency.Urgent, Decide(Sign(sign)).Urgency);
    }

    [Fact]
    public void Assess_RefutedCordCompression_DoesNotCount()
    {
        var refuted = CordCompression();
        refuted.VerificationStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-ver-status", "refuted");

        Assert.Equal(Urgency.Routine, Decide(refuted).Urgency);
    }

    [Fact]
    public void Assess_Escc1cReadAsHighGradeByPolicy_IsAnEmergency()
    {
        var options = new TriageOptions { Escc1c = Score.Escc1cPolicy.HighGrade };

        var decision = Engine(options).Assess(Of(Spine("t8", "T8", escc: "1c")), Now);

        Assert.Equal(Urgency.Emergency, decision.Urgency);
        Assert.Contains("1c read as high grade", Assert.Single(decision.Reasons, r => r.Rule == "mscc-escc-high-grade").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_ConfiguredRoute_SendsTheBandWhereThePolicySays()
    {
        var options = new TriageOptions();
        options.Routing.SinsUnstable = new RoutePolicy(CareTeams.OrthopaedicOncology, Urgency.Emergency);

        var decision = Engine(options).Assess(Of(Spine("l3", "L3", "mechanical", "lytic", "deformity", "over-50", "unilateral")), Now);

        Assert.Equal(Urgency.Emergency, decision.Urgency);
        Assert.Equal([CareTeams.OrthopaedicOncology], decision.Routes.Select(r => r.Team));
    }

    [Fact]
    public void Assess_ReasonsAndDeadline_MostUrgentFirstAndDueByFollowsTheUrgency()
    {
        var decision = Decide(Sign(ThoracicOrCervicalPain), Sign(LimbWeakness));

        Assert.Equal("mscc-neurology", decision.Reasons[0].Rule);
        Assert.Equal(Now + new TriageOptions().EmergencyWithin, decision.DueBy);
        Assert.Equal(new DateTimeOffset(2025, 3, 2, 0, 0, 0, TimeSpan.Zero), decision.OutreachBy);
    }

    [Fact]
    public void Assess_EverySituation_NeverRoutesInterventionalRadiology()
    {
        // scores.md has no rule that sends a case to interventional radiology: the engine invents none.
        foreach (var situation in Situations.Values)
        {
            Assert.DoesNotContain(Decide(situation).Routes, r => r.Team == CareTeams.InterventionalRadiology);
        }
    }

    [Fact]
    public void Method_NamesTheEngineAndEveryScoreVersion()
    {
        var method = Engine().Method;

        Assert.StartsWith("BoneMets score triage 2.0", method, StringComparison.Ordinal);
        foreach (var version in new[]
        {
            Score.Mirels.Version, Score.Sins.Version, Score.BilskyEscc.Version, Score.Noms.Version, Score.TokuhashiRevised.Version,
            Score.ModifiedBauer.Version, Score.Nesms.Version, Score.CtcaeHypercalcemia.Version,
        })
        {
            Assert.Contains(version, method, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string> RedFlags => new(NeurologicalRedFlags);

    public static TheoryData<string> SpinalPainSigns => new(SpinalPainSuggestingMetastases);
}
