using BoneMets.Fhir.IntegrationTests.WriteBack;
using BoneMets.Fhir.Service.Cli;

namespace BoneMets.Fhir.IntegrationTests.Cli;

/// <summary>"partners check ID" against the shared fake: what is supported, what is not declared, and nothing written.</summary>
public sealed class PartnerCommandsTests : IDisposable
{
    private readonly FakePartnerServer fake = new();

    public void Dispose() => fake.Dispose();

    [Fact]
    public async Task Check_FakePartner_ReportsTransactionsAndSearchesAndWritesNothing()
    {
        using var output = new StringWriter();

        var exit = await PartnerCommands.RunAsync(["check", "westbrook", "--Partners:westbrook:BaseUrl", fake.BaseUrl], output, TextWriter.Null);

        var text = output.ToString();
        Assert.Equal(0, exit);
        Assert.Contains("transactions: supported", text, StringComparison.Ordinal);
        Assert.Contains("_tag search (Provenance): supported", text, StringComparison.Ordinal);
        Assert.Contains("If-Match (versioned updates): not declared", text, StringComparison.Ordinal); // the fake's CapabilityStatement declares no resources
        Assert.Contains("the service then: without versions an update goes by id without If-Match", text, StringComparison.Ordinal);
        Assert.Empty(fake.All<Hl7.Fhir.Model.Resource>());
    }

    [Fact]
    public async Task Check_UnknownPartner_UsageError()
    {
        using var error = new StringWriter();

        Assert.Equal(2, await PartnerCommands.RunAsync(["check", "nobody"], TextWriter.Null, error));
        Assert.Contains("No partner 'nobody'", error.ToString(), StringComparison.Ordinal);
    }
}
