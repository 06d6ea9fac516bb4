using BoneMets.Fhir.Service.Cli;

namespace BoneMets.Fhir.IntegrationTests.Cli;

/// <summary>The verbs as System.CommandLine parses them: help for each, usage errors with exit 2, configuration overrides kept apart.</summary>
public class BoneMetsCommandLineTests
{
    private static async Task<(int Exit, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await BoneMetsCommandLine.InvokeAsync(args, TextReader.Null, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData(new[] { "serve" }, "--urls")]
    [InlineData(new[] { "token" }, "--scope")]
    [InlineData(new[] { "demo" }, "--samples")]
    [InlineData(new[] { "parked" }, "--data")]
    [InlineData(new[] { "retry" }, "<N>")]
    [InlineData(new[] { "deliveries" }, "--parked")]
    [InlineData(new[] { "deliveries", "retry" }, "<N>")]
    [InlineData(new[] { "deliveries", "discard" }, "--reason")]
    [InlineData(new[] { "partners" }, "check")]
    [InlineData(new[] { "partners", "check" }, "<ID>")]
    [InlineData(new[] { "triage" }, "--now")]
    [InlineData(new[] { "validate" }, "--written-back")]
    [InlineData(new[] { "coordinators" }, "add")]
    [InlineData(new[] { "coordinators", "add" }, "<NAME>")]
    [InlineData(new[] { "db" }, "migrate")]
    [InlineData(new[] { "db", "migrate" }, "--data")]
    [InlineData(new[] { "db", "status" }, "--data")]
    public async Task Help_EveryVerb_UsageAndItsOptionsExit0(string[] verb, string names)
    {
        var (exit, output, error) = await Run([.. verb, "--help"]);

        Assert.Equal(0, exit);
        Assert.Empty(error);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
        Assert.Contains(string.Join(' ', verb), output, StringComparison.Ordinal);
        Assert.Contains(names, output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("help")]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_Root_ListsEveryVerbExit0(string asked)
    {
        var (exit, output, _) = await Run(asked);

        Assert.Equal(0, exit);
        foreach (var verb in new[] { "serve", "token", "demo", "parked", "retry", "deliveries", "partners", "triage", "validate", "coordinators", "db" })
        {
            Assert.Contains(verb, output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(new[] { "frobnicate" }, "'frobnicate'")]
    [InlineData(new[] { "retry", "seven" }, "seven")]
    [InlineData(new[] { "deliveries", "discard", "3" }, "--reason")]
    [InlineData(new[] { "triage", "x.json", "--fromat", "text" }, "--fromat")]
    [InlineData(new[] { "validate", "--message", "--written-back", "a.json" }, "exclude each other")]
    public async Task UsageError_NamesWhatIsWrongExit2(string[] args, string named)
    {
        var (exit, output, error) = await Run(args);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains(named, error, StringComparison.Ordinal);
        Assert.Contains("--help", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "x.json", "--Triage:DefaultTeam", "somebody" }, new[] { "x.json" }, new[] { "--Triage:DefaultTeam", "somebody" })]
    [InlineData(new[] { "--Store:Provider=postgres", "migrate" }, new[] { "migrate" }, new[] { "--Store:Provider=postgres" })]
    [InlineData(new[] { "--environment=Development", "--contentRoot", "/app" }, new string[0], new[] { "--environment=Development", "--contentRoot", "/app" })]
    [InlineData(new[] { "--Worker=", "--Worker:Enabled=false" }, new string[0], new[] { "--Worker=", "--Worker:Enabled=false" })]
    [InlineData(new[] { "--format", "text", "a.json" }, new[] { "--format", "text", "a.json" }, new string[0])]
    [InlineData(new[] { "--format=text", "--fromat", "text" }, new[] { "--format=text", "--fromat", "text" }, new string[0])]
    public void ConfigurationArguments_KeysWithAColon_TakenOutWithTheirValues(string[] args, string[] verb, string[] configuration)
    {
        var split = ConfigurationArguments.Split(args, new HashSet<string> { "--format" });

        Assert.Equal(verb, split.Verb);
        Assert.Equal(configuration, split.Configuration);
    }
}
