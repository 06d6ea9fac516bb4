using BoneMets.Fhir.Options;
using BoneMets.Fhir.Triage;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Tests.Triage;

public class RedFlagTriageTests
{
    private const string Calcium = "Serum calcium and albumin";

    // Sample 01 is left out: its urgency rests on Mirels and functional pain, which this first triage does not score.
    [Theory]
    [InlineData("02", Urgency.Emergency, "neurosurgical-spine radiation-oncology", "")]
    [InlineData("09", Urgency.Emergency, "neurosurgical-spine radiation-oncology", "")]
    [InlineData("07", Urgency.Emergency, "medical-oncology", "")]
    [InlineData("05", Urgency.Urgent, "medical-oncology", "")]
    [InlineData("03", Urgency.Urgent, "neurosurgical-spine", "")]
    [InlineData("06", Urgency.Urgent, "neurosurgical-spine", "")]
    [InlineData("04", Urgency.Routine, "orthopaedic-oncology", "")]
    [InlineData("10", Urgency.Routine, "orthopaedic-oncology", "")]
    [InlineData("08", Urgency.Routine, "orthopaedic-oncology", Calcium)]
    public async System.Threading.Tasks.Task Assess_Sample_UrgencyRoutesAndMissingInputs(string number, Urgency urgency, string teams, string missing)
    {
        var consultCase = await Stages.CaseAsync(number);

        var decision = Stages.Triage().Assess(consultCase, Stages.Now);

        Assert.Equal(urgency, decision.Urgency);
        Assert.Equal(teams.Split(' '), decision.Routes.Select(r => r.Team));
        Assert.Equal(missing.Split(';', StringSplitOptions.RemoveEmptyEntries), decision.Missing.Select(m => m.What));
        Assert.Equal(new Deadlines(new TriageOptions(), new ProgramOptions()).DueBy(urgency, Stages.Now), decision.DueBy);
        Assert.Equal(new DateTimeOffset(2026, 11, 17, 0, 0, 0, TimeSpan.Zero), decision.OutreachBy);
        Assert.All(decision.Routes, r => Assert.NotEmpty(r.Reasons));
        Assert.Empty(decision.Observations);
    }

    [Theory]
    [InlineData("02", "mscc-neurology mscc-neurology mscc-cord-compression mscc-escc-high-grade mscc-spinal-pain site-spine")]
    [InlineData("09", "mscc-neurology mscc-neurology mscc-escc-high-grade site-spine")]
    [InlineData("07", "hypercalcaemia")]
    [InlineData("05", "hypercalcaemia")]
    [InlineData("08", "default-team")]
    public async System.Threading.Tasks.Task Assess_Sample_ReasonsNameTheirRules(string number, string rules)
    {
        var decision = Stages.Triage().Assess(await Stages.CaseAsync(number), Stages.Now);

        Assert.Equal(rules.Split(' '), decision.Reasons.Select(r => r.Rule));
    }

    [Fact]
    public async System.Threading.Tasks.Task Assess_Sample07_CalciumReasonCitesItsEvidence()
    {
        var consultCase = await Stages.CaseAsync("07");

        var reason = Stages.Triage().Assess(consultCase, Stages.Now).Reasons.Single();

        Assert.Equal("Corrected calcium 14.63 mg/dL: severe, CTCAE grade 4, with confusion.", reason.Text);
        Assert.Equal(
            ["Observation/2435a5df-64c5-42b6-b653-66f1dfaf2658", "Observation/37ba3ab3-f1a9-4db9-bf6f-e2de912514aa", "Observation/d3cf38ed-da1f-43df-9035-7d2c156d7ec5"],
            reason.Evidence);
        Assert.All(reason.Evidence, e => Assert.NotNull(consultCase.Find(e)));
    }

    [Fact]
    public async System.Threading.Tasks.Task Assess_MildCalciumWithConfusion_Emergency()
    {
        var consultCase = await Stages.CaseAsync("07");
        var calcium = consultCase.Observations.Single(o => o.Id == "2435a5df-64c5-42b6-b653-66f1dfaf2658");
        calcium.Value = new Quantity { Value = 2.5m, Code = "mmol/L", System = "http://unitsofmeasure.org" }; // corrected 10.82: mild, grade 1

        var decision = Stages.Triage().Assess(consultCase, Stages.Now);

        Assert.Equal(Urgency.Emergency, decision.Urgency);
        Assert.Contains("mild, CTCAE grade 1", decision.Reasons.Single().Text, StringComparison.Ordinal);
    }

    [Fact]
    public async System.Threading.Tasks.Task Assess_HigherCalciumUpperLimit_MildCalciumNoLongerGraded()
    {
        var consultCase = await Stages.CaseAsync("07");
        consultCase.Observations.Single(o => o.Id == "2435a5df-64c5-42b6-b653-66f1dfaf2658").Value =
            new Quantity { Value = 2.5m, Code = "mmol/L", System = "http://unitsofmeasure.org" };

        var decision = Stages.Triage(triage: new TriageOptions { CalciumUpperLimitMgPerDl = 11.0m }).Assess(consultCase, Stages.Now);

        Assert.Equal(Urgency.Routine, decision.Urgency);
        Assert.DoesNotContain(decision.Reasons, r => r.Rule == "hypercalcaemia");
    }

    [Fact]
    public async System.Threading.Tasks.Task Assess_ConfiguredDefaultTeam_ThinReferralGoesThere()
    {
        var decision = Stages.Triage(triage: new TriageOptions { DefaultTeam = "medical-oncology" }).Assess(await Stages.CaseAsync("08"), Stages.Now);

        Assert.Equal(["medical-oncology"], decision.Routes.Select(r => r.Team));
    }

    [Fact]
    public async System.Threading.Tasks.Task Assess_SpinalLesionWithoutEscc_AsksForTheMriReport()
    {
        var consultCase = await Stages.CaseAsync("03");
        var lesion = consultCase.LesionFindings.Single();
        lesion.Component.RemoveAll(c => c.Code.Coding.Any(x => x.Code == "escc-grade"));

        var decision = Stages.Triage().Assess(consultCase, Stages.Now);

        Assert.Equal(["MRI whole spine report"], decision.Missing.Select(m => m.What));
    }

    [Fact]
    public async System.Threading.Tasks.Task Assess_NeurologyRecordedAbsent_NotARedFlag()
    {
        var consultCase = await Stages.CaseAsync("03"); // limb weakness, walking, sensory and bladder flags all recorded false

        var decision = Stages.Triage().Assess(consultCase, Stages.Now);

        Assert.DoesNotContain(decision.Reasons, r => r.Rule == "mscc-neurology");
    }
}
