using BoneMets.Fhir.Service.Cli;

namespace BoneMets.Fhir.IntegrationTests.Cli;

public sealed class DemoCommandTests
{
    [Fact]
    public async Task RunAsync_OverTheSamples_ProcessesEachAndPrintsUrgencyRoutesAndWrites()
    {
        using var output = new StringWriter();
        var samples = Path.Combine(AppContext.BaseDirectory, "samples", "referrals");

        var exit = await DemoCommand.RunAsync(["--samples", samples], output);

        Assert.Equal(0, exit);
        var text = output.ToString();
        foreach (var sample in Samples.Referrals)
        {
            Assert.Contains(sample, text, StringComparison.Ordinal);
        }

        Assert.Equal(Samples.Referrals.Count(), CountOf(text, "  urgency  "));
        Assert.Equal(Samples.Referrals.Count(), CountOf(text, "  routes   "));
        Assert.Contains("urgency  emergency (Task.priority stat)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoSamplesDirectory_Exits2()
    {
        using var output = new StringWriter();

        Assert.Equal(2, await DemoCommand.RunAsync(["--samples", "/nonexistent/samples"], output));
    }

    private static int CountOf(string text, string part) => text.Split(part).Length - 1;
}
