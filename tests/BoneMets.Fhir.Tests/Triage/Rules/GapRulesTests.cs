using BoneMets.Fhir.Case;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Tests.Triage.Rules;

public sealed class GapRulesTests
{
    [Fact]
    public async Task Assess_GapInWhatTheTriageReads_NamedInReasonsAndAskedFor()
    {
        var complete = await Stages.CaseAsync("08");
        var gapped = complete with
        {
            Gaps =
            [
                new ContextGap("Imaging studies", "the partner answered 403 (forbidden)"),
                new ContextGap("Observations (labs, performance status, pain)", "the partner answered 400 (not-supported)"),
                new ContextGap("Referenced Practitioner", "the partner answered 404 (not-found)"),
            ],
        };

        var before = Stages.Triage().Assess(complete, Stages.Now);
        var after = Stages.Triage().Assess(gapped, Stages.Now);

        var reasons = after.Reasons.Where(r => r.Rule == "gather-gap").Select(r => r.Text).ToList();
        Assert.Equal(2, reasons.Count);
        Assert.Contains(reasons, r => r.StartsWith("Imaging studies could not be gathered", StringComparison.Ordinal) && r.Contains("403", StringComparison.Ordinal));
        Assert.Contains(after.Missing, m => m.What == "Observations (labs, performance status, pain)" && m.Why.Contains("could change the urgency", StringComparison.Ordinal));
        Assert.DoesNotContain(after.Missing, m => m.What.Contains("Practitioner", StringComparison.Ordinal));
        Assert.Equal(before.Missing.Count + 2, after.Missing.Count);
        Assert.Equal(before.Urgency, after.Urgency);
    }

    [Fact]
    public async Task Assess_NoGaps_NoGapReasons()
    {
        var decision = Stages.Triage().Assess(await Stages.CaseAsync("02"), Stages.Now);

        Assert.DoesNotContain(decision.Reasons, r => r.Rule == "gather-gap");
    }
}
