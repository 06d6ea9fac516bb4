using System.Text.Json;
using BoneMets.Fhir.Case;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Service.Cli;
using BoneMets.Fhir.Triage;
using BoneMets.Fhir.WriteBack;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.Cli;

/// <summary>"bonemets triage": the JSON it prints for every sample, the text form, documents, and its exit codes.</summary>
public sealed class TriageCommandTests : IDisposable
{
    private const string Now = "2025-03-01T09:00:00Z";
    private readonly string directory = Directory.CreateTempSubdirectory("bonemets-triage-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static string SamplePath(string name) => Path.Combine(AppContext.BaseDirectory, "samples", "referrals", name);

    private static async Task<(int Exit, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await TriageCommand.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Theory]
    [InlineData("01-breast-femur-impending-fracture.json", "urgent", "orthopaedic-oncology")]
    [InlineData("02-prostate-thoracic-mscc.json", "emergency", "neurosurgical-spine radiation-oncology")]
    [InlineData("03-lung-lumbar-mechanical-pain.json", "urgent", "neurosurgical-spine")]
    [InlineData("04-renal-humerus-pain-only.json", "routine", "radiation-oncology")]
    [InlineData("05-myeloma-hypercalcaemia-moderate.json", "urgent", "medical-oncology")]
    [InlineData("06-thyroid-cervical-spine.json", "urgent", "neurosurgical-spine radiation-oncology")]
    [InlineData("07-breast-pelvis-severe-hypercalcaemia-si.json", "emergency", "medical-oncology")]
    [InlineData("08-prostate-thin-referral.json", "routine", "orthopaedic-oncology")]
    [InlineData("09-lung-cauda-equina.json", "emergency", "neurosurgical-spine radiation-oncology medical-oncology")]
    [InlineData("10-renal-femur-shaft.json", "routine", "orthopaedic-oncology")]
    public async Task Triage_SampleMessage_PrintsTheDecisionAsJsonAndExits0(string sample, string urgency, string teams)
    {
        var (exit, output, error) = await Run(SamplePath(sample), "--now", Now);

        Assert.Equal(0, exit);
        Assert.Empty(error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(urgency, root.GetProperty("urgency").GetString());
        Assert.Equal(teams.Split(' '), root.GetProperty("routes").EnumerateArray().Select(r => r.GetProperty("team").GetString()));
        Assert.All(root.GetProperty("routes").EnumerateArray(), r => Assert.NotEqual(0, r.GetProperty("reasons").GetArrayLength()));
        var scores = root.GetProperty("scores");
        foreach (var lesionScore in new[] { "mirels", "sins", "escc", "noms" })
        {
            Assert.Equal(JsonValueKind.Array, scores.GetProperty(lesionScore).ValueKind);
        }

        foreach (var patientScore in new[] { "tokuhashiRevised", "modifiedBauer", "nesms", "correctedCalcium" })
        {
            var score = scores.GetProperty(patientScore);
            Assert.True(score.TryGetProperty("total", out _));
            Assert.Equal(JsonValueKind.Object, score.GetProperty("items").ValueKind);
            Assert.Equal(JsonValueKind.Array, score.GetProperty("missing").ValueKind);
            Assert.False(string.IsNullOrEmpty(score.GetProperty("version").GetString()));
        }

        Assert.Equal("mg/dL", scores.GetProperty("correctedCalcium").GetProperty("unit").GetString());
        Assert.Equal(JsonValueKind.Array, root.GetProperty("missing").ValueKind);
        Assert.All(root.GetProperty("reasons").EnumerateArray(), r => Assert.False(string.IsNullOrEmpty(r.GetProperty("rule").GetString())));
    }

    [Fact]
    public async Task Triage_FixedClock_DeadlineFollowsTheUrgencyAndOutputIsReproducible()
    {
        var first = await Run(SamplePath("01-breast-femur-impending-fracture.json"), "--now", Now);
        var second = await Run(SamplePath("01-breast-femur-impending-fracture.json"), "--now", Now);

        Assert.Equal(first.Output, second.Output);
        using var json = JsonDocument.Parse(first.Output);
        Assert.Equal(new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.Zero), json.RootElement.GetProperty("dueBy").GetDateTimeOffset());
    }

    [Fact]
    public async Task Triage_LesionScores_OneEntryPerLesionWithSiteTotalBandAndItems()
    {
        var (_, output, _) = await Run(SamplePath("01-breast-femur-impending-fracture.json"), "--now", Now);

        using var json = JsonDocument.Parse(output);
        var mirels = Assert.Single(json.RootElement.GetProperty("scores").GetProperty("mirels").EnumerateArray());
        Assert.Equal(12, mirels.GetProperty("total").GetInt32());
        Assert.Equal("prophylactic-fixation", mirels.GetProperty("band").GetString());
        Assert.Contains("peritrochanteric", mirels.GetProperty("site").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, mirels.GetProperty("items").GetProperty("size").GetInt32());
    }

    [Fact]
    public async Task Triage_Sample10_CalciumInTheCommonShapeSaysItWasNotCorrected()
    {
        var (_, output, _) = await Run(SamplePath("10-renal-femur-shaft.json"), "--now", Now);

        using var json = JsonDocument.Parse(output);
        var scores = json.RootElement.GetProperty("scores");
        var calcium = scores.GetProperty("correctedCalcium");
        Assert.Equal(10.20m, calcium.GetProperty("total").GetDecimal()); // albumin 4.4 g/dL: measured, not corrected downward
        Assert.StartsWith("measured, not corrected", calcium.GetProperty("computed").GetString(), StringComparison.Ordinal);
        Assert.False(calcium.TryGetProperty("value", out _));
        Assert.Equal("points", scores.GetProperty("modifiedBauer").GetProperty("unit").GetString());
        Assert.True(scores.GetProperty("modifiedBauer").TryGetProperty("band", out _));
    }

    [Fact]
    public async Task Triage_ScoreThatCannotBeComputed_HasNullTotalAndTheInputsItLacks()
    {
        var (_, output, _) = await Run(SamplePath("08-prostate-thin-referral.json"), "--now", Now);

        using var json = JsonDocument.Parse(output);
        var calcium = json.RootElement.GetProperty("scores").GetProperty("correctedCalcium");
        Assert.Equal(JsonValueKind.Null, calcium.GetProperty("total").ValueKind);
        Assert.Equal("not computed: calcium missing", calcium.GetProperty("computed").GetString());
        Assert.Equal(["serum-calcium", "serum-albumin"], calcium.GetProperty("missing").EnumerateArray().Select(m => m.GetString()));
        var tokuhashi = json.RootElement.GetProperty("scores").GetProperty("tokuhashiRevised");
        Assert.Equal(JsonValueKind.Null, tokuhashi.GetProperty("total").ValueKind);
        Assert.Contains("karnofsky-performance-status", tokuhashi.GetProperty("missing").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(3, json.RootElement.GetProperty("missing").GetArrayLength());
    }

    [Fact]
    public async Task Triage_TextFormat_PrintsTheSameDecisionForPeople()
    {
        var (exit, output, _) = await Run(SamplePath("02-prostate-thoracic-mscc.json"), "--format", "text", "--now", Now);

        Assert.Equal(0, exit);
        Assert.StartsWith("Urgency   EMERGENCY", output, StringComparison.Ordinal);
        Assert.Contains("Route     Neurosurgical spine (neurosurgical-spine)", output, StringComparison.Ordinal);
        Assert.Contains("[mscc-escc-high-grade]", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Triage_CaseDocument_ReadsItAsTheCase()
    {
        var message = ReferralMessageReader.Read(FhirJson.Parse<Bundle>(File.ReadAllText(SamplePath("06-thyroid-cervical-spine.json")))).Message!;
        var consultCase = CaseAssembler.Assemble(await new MessageContextSource().GatherAsync(message, CancellationToken.None));
        var program = new ProgramOptions();
        var triage = new ScoreTriage(new TriageOptions(), new Deadlines(new TriageOptions(), program));
        var now = DateTimeOffset.Parse(Now, System.Globalization.CultureInfo.InvariantCulture);
        var plan = new WriteBackPlanner(new CaseDocumentBuilder(program, new ProgramDirectory(program)))
            .Plan(consultCase, triage.Assess(consultCase, now), "b|h", triage.Method, now);
        var path = Write("case.json", FhirJson.Serialize(plan.CaseDocument));

        var (exit, output, _) = await Run(path, "--now", Now);

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("urgent", json.RootElement.GetProperty("urgency").GetString());
        Assert.Single(json.RootElement.GetProperty("scores").GetProperty("noms").EnumerateArray());
    }

    [Theory]
    [InlineData("malformed-json.json")]
    [InlineData("missing-patient.json")]
    [InlineData("not-a-bundle.json")]
    [InlineData("bundle-not-message.json")]
    public async Task Triage_UnreadableInput_Exits1WithAnOperationOutcomeOnStderr(string invalid)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "samples", "invalid", invalid);

        var (exit, output, error) = await Run(path, "--now", Now);

        Assert.Equal(1, exit);
        Assert.Empty(output);
        var outcome = Assert.IsType<OperationOutcome>(FhirJson.ParseResource(error));
        Assert.Contains(outcome.Issue, i => i.Severity == OperationOutcome.IssueSeverity.Error);
    }

    [Fact]
    public async Task Triage_MissingFile_Exits1WithNotFound()
    {
        var (exit, _, error) = await Run(Path.Combine(directory, "nowhere.json"));

        Assert.Equal(1, exit);
        Assert.Equal(OperationOutcome.IssueType.NotFound, Assert.Single(FhirJson.Parse<OperationOutcome>(error).Issue).Code);
    }

    [Theory]
    [InlineData()]
    [InlineData("--format", "xml", "x.json")]
    [InlineData("x.json", "--now", "yesterday")]
    [InlineData("x.json", "y.json")]
    [InlineData("x.json", "--Triage:DefaultTeam", "somebody")]
    public async Task Triage_UsageOrConfigurationError_Exits2(params string[] args)
    {
        var path = Write("x.json", File.ReadAllText(SamplePath("04-renal-humerus-pain-only.json")));

        var (exit, output, error) = await Run([.. args.Select(a => a == "x.json" ? path : a)]);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.NotEmpty(error);
    }
}
