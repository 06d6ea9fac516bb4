using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Validation;
using Hl7.Fhir.Model;
using Issue = Hl7.Fhir.Model.OperationOutcome.IssueComponent;

namespace BoneMets.Fhir.Tests.Validation;

/// <summary>
/// The contract holds end to end: every example of the guide and every sample referral is valid, every sample in
/// samples/invalid is rejected, and everything the real pipeline writes for every sample is valid against its profile.
/// </summary>
public sealed class ConformanceTests
{
    private static readonly ResourceValidator Validator = ResourceValidator.Default;

    public static TheoryData<string> ExampleData() => [.. ProfileSet.Embedded.Examples.Select(e => e.File)];

    [Theory]
    [MemberData(nameof(ExampleData))]
    public void Validate_Example_HasNoErrors(string file)
    {
        var example = ProfileSet.Embedded.Examples.Single(e => e.File == file);
        var role = example.Resource.Meta?.Profile.Any(p => p?.Contains("referral", StringComparison.Ordinal) == true) == true
            || example.Resource is Condition || (example.Resource is Observation o && !o.Meta.Profile.Any(p => p?.EndsWith("score", StringComparison.Ordinal) == true))
            ? ResourceRole.Received : ResourceRole.WrittenBack;

        var issues = Validator.ValidateJson(example.Json, role);

        AssertNoErrors(issues);
        Assert.NotEmpty(example.Resource.Meta?.Profile ?? []);
    }

    [Theory]
    [MemberData(nameof(Samples.ReferralData), MemberType = typeof(Samples))]
    public void Validate_SampleReferral_HasNoErrors(string name)
    {
        var issues = Validator.ValidateJson(Samples.Referral(name), ResourceRole.Received);

        AssertNoErrors(issues);
    }

    [Theory]
    [MemberData(nameof(Samples.ReferralData), MemberType = typeof(Samples))]
    public async System.Threading.Tasks.Task Validate_EveryResourceThePipelineWrites_MatchesItsProfile(string name)
    {
        var planned = await Stages.PlanAsync(name);
        var plan = planned.Plan;
        Resource[] written =
        [
            plan.Task, plan.Acknowledgement, plan.Outreach, .. plan.InformationRequests, plan.Appointment, plan.TriageRecord,
            .. plan.ScoreObservations, plan.CaseDocument,
        ];

        foreach (var resource in written)
        {
            Assert.NotNull(ProfileAssignment.ProfileFor(resource, ResourceRole.WrittenBack, ProfileSet.Embedded));
            var issues = Validator.ValidateJson(FhirJson.Serialize(resource), ResourceRole.WrittenBack);
            AssertNoErrors(issues, $"{resource.TypeName}/{resource.Id}");
        }

        var composition = Assert.IsType<Composition>(plan.CaseDocument.Entry[0].Resource);
        Assert.Equal(ProfileSet.Url("bonemets-case-composition"), ProfileAssignment.ProfileFor(composition, ResourceRole.WrittenBack, ProfileSet.Embedded));
        Assert.Equal(plan.ScoreObservations.Count, plan.ScoreObservations.Count(o =>
            ProfileAssignment.ProfileFor(o, ResourceRole.WrittenBack, ProfileSet.Embedded) == ProfileSet.Url("bonemets-score")));
    }

    [Theory]
    [MemberData(nameof(Samples.ReferralData), MemberType = typeof(Samples))]
    public async System.Threading.Tasks.Task Validate_EveryScoreObservationThePipelineWrites_NoDisplayWarnings(string name)
    {
        var planned = await Stages.PlanAsync(name);

        var displays = planned.Plan.ScoreObservations
            .SelectMany(o => Validator.ValidateJson(FhirJson.Serialize(o), ResourceRole.WrittenBack).Select(i => (o.Id, Issue: i)))
            .Where(x => x.Issue.Diagnostics?.Contains("display", StringComparison.OrdinalIgnoreCase) == true)
            .Select(x => $"{x.Id} {string.Join(",", x.Issue.Expression)}: {x.Issue.Diagnostics}")
            .ToList();

        Assert.NotEmpty(planned.Plan.ScoreObservations);
        Assert.True(displays.Count == 0, string.Join("\n", displays));
    }

    internal static void AssertNoErrors(IEnumerable<Issue> issues, string? what = null)
    {
        var errors = issues.Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal).ToList();
        Assert.True(errors.Count == 0, $"{what}: " + string.Join("\n", errors.Select(i => $"{i.Code} {string.Join(",", i.Expression)}: {i.Diagnostics}")));
    }
}
