using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Service.Cli;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.Cli;

/// <summary>"bonemets validate": the OperationOutcome it prints and its exit codes, over the samples and the invalid corpus.</summary>
public sealed class ValidateCommandTests
{
    private static string SamplePath(string folder, string name) => Path.Combine(AppContext.BaseDirectory, "samples", folder, name);

    private static async Task<(int Exit, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await ValidateCommand.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    public static TheoryData<string> ReferralData() =>
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "samples", "referrals"), "*.json").Select(Path.GetFileName).OfType<string>()];

    [Theory]
    [MemberData(nameof(ReferralData))]
    public async Task Validate_SampleReferral_PrintsAnOutcomeWithoutErrorsAndExits0(string name)
    {
        var (exit, output, _) = await Run(SamplePath("referrals", name));

        Assert.Equal(0, exit);
        var outcome = FhirJson.Parse<OperationOutcome>(output);
        Assert.DoesNotContain(outcome.Issue, i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal);
    }

    [Theory]
    [MemberData(nameof(Samples.InvalidNames), MemberType = typeof(Samples))]
    public async Task Validate_InvalidSample_ReportsTheManifestIssueAndExits1(string file)
    {
        var expected = Samples.InvalidManifest.Single(m => m.File == file);

        var (exit, output, _) = await Run(SamplePath("invalid", file), "--message");

        Assert.Equal(1, exit);
        var outcome = FhirJson.Parse<OperationOutcome>(output);
        Assert.Contains(outcome.Issue, i => i.Severity == OperationOutcome.IssueSeverity.Error && i.Code?.GetLiteral() == expected.Code
            && (expected.Expression is null || i.Expression.Contains(expected.Expression))
            && (expected.ExpressionContains is null || i.Expression.Any(e => e.Contains(expected.ExpressionContains, StringComparison.Ordinal))));
    }

    [Fact]
    public async Task Validate_WrittenBackExamples_AreValidAgainstTheirProfiles()
    {
        var examples = BoneMets.Fhir.Validation.ProfileSet.Embedded.Examples.Where(e => e.Resource.Meta.Profile.Any(p => p!.Contains("write-back", StringComparison.Ordinal))).ToList();
        var directory = Directory.CreateTempSubdirectory("bonemets-validate-").FullName;
        try
        {
            var files = examples.Select(e => Path.Combine(directory, e.File)).ToList();
            foreach (var (example, path) in examples.Zip(files))
            {
                await File.WriteAllTextAsync(path, example.Json);
            }

            var (exit, output, _) = await Run([.. files, "--written-back", "--format", "text"]);

            Assert.True(exit == 0, output);
            Assert.NotEmpty(files);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Validate_SeveralFilesAsText_OneVerdictPerFileAndExit1WhenOneIsInvalid()
    {
        var valid = SamplePath("referrals", "01-breast-femur-impending-fracture.json");
        var invalid = SamplePath("invalid", "missing-bundle-id.json");

        var (exit, output, _) = await Run(valid, invalid, "--format", "text");

        Assert.Equal(1, exit);
        Assert.Contains($"{valid}: valid (0 errors", output, StringComparison.Ordinal);
        Assert.Contains($"{invalid}: NOT valid", output, StringComparison.Ordinal);
        Assert.Contains("error [required] at Bundle.id:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_SeveralFilesAsJson_PrintsACollectionOfOutcomes()
    {
        var (exit, output, _) = await Run(SamplePath("referrals", "01-breast-femur-impending-fracture.json"), SamplePath("referrals", "02-prostate-thoracic-mscc.json"));

        Assert.Equal(0, exit);
        var bundle = FhirJson.Parse<Bundle>(output);
        Assert.Equal(Bundle.BundleType.Collection, bundle.Type);
        Assert.All(bundle.Entry, e => Assert.IsType<OperationOutcome>(e.Resource));
        Assert.Equal(2, bundle.Entry.Count);
    }

    [Theory]
    [InlineData]
    [InlineData("a.json", "--format", "xml")]
    public async Task Validate_UsageError_Exits2(params string[] args)
    {
        var (exit, _, error) = await Run(args);

        Assert.Equal(2, exit);
        Assert.Contains(ValidateCommand.UsageLine, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_MissingFile_ReportsNotFoundAndExits1()
    {
        var (exit, output, _) = await Run(Path.Combine(Path.GetTempPath(), "no-such-bonemets-file.json"));

        Assert.Equal(1, exit);
        Assert.Equal(OperationOutcome.IssueType.NotFound, FhirJson.Parse<OperationOutcome>(output).Issue.Single().Code);
    }
}
