using BoneMets.Fhir.Case;
using Hl7.Fhir.Model;
using WireMock.RequestBuilders;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Tests.Gather;

/// <summary>Each thing a partner may not support, and what gathering does instead.</summary>
public sealed class CapabilityFallbackTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly PartnerStub stub = new();

    public void Dispose() => stub.Dispose();

    private void AnswerEverySearch()
    {
        foreach (var type in new[] { "Condition", "DiagnosticReport", "ImagingStudy", "Observation" })
        {
            stub.Get(type, 200, PartnerStub.Searchset());
        }
    }

    private IReadOnlyList<string> Gets() => [.. stub.Requests.Where(r => r.RequestMessage.Method == "GET" && r.RequestMessage.Path != "/fhir/metadata")
        .Select(r => Uri.UnescapeDataString(r.RequestMessage.Url[(stub.BaseUrl.Length + 1)..])).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task GatherAsync_NoBatch_SendsTheSameSearchesAsGets()
    {
        stub.Capability(batch: false);
        AnswerEverySearch();
        using var host = GatherHost.For(stub);

        var context = await host.Source.GatherAsync(Stages.Message("08"), None);

        Assert.DoesNotContain(stub.Requests, r => r.RequestMessage.Method == "POST");
        Assert.Equal(PartnerStub.FullSearches.Order(StringComparer.Ordinal), Gets());
        Assert.Empty(context.Gaps);
    }

    [Fact]
    public async Task GatherAsync_BatchRefused_FallsBackToGetsAndRemembers()
    {
        stub.Capability();
        stub.Batch(405, PartnerStub.Outcome(OperationOutcome.IssueType.NotSupported));
        AnswerEverySearch();
        using var host = GatherHost.For(stub);

        await host.Source.GatherAsync(Stages.Message("08"), None);
        await host.Source.GatherAsync(Stages.Message("08"), None);

        Assert.Single(stub.Requests, r => r.RequestMessage.Method == "POST");
        Assert.Equal(2 * PartnerStub.FullSearches.Length, Gets().Count);
    }

    [Fact]
    public async Task GatherAsync_NoCategorySearch_SearchesByPatientAndKeepsOnlyRadiology()
    {
        stub.Capability(batch: false, category: false);
        AnswerEverySearch();
        stub.Get("DiagnosticReport", 200, PartnerStub.Searchset(PartnerStub.RadiologyReport(), PartnerStub.PathologyReport()));
        using var host = GatherHost.For(stub);

        var context = await host.Source.GatherAsync(Stages.Message("08"), None);

        Assert.Contains($"DiagnosticReport?patient={PartnerStub.PatientId}", Gets());
        Assert.Equal(["dr-1"], context.Resources.OfType<DiagnosticReport>().Select(r => r.Id));
    }

    [Fact]
    public async Task GatherAsync_NoCodeSearch_SearchesObservationsByPatientAndKeepsWhatTheTriageReads()
    {
        stub.Capability(batch: false, code: false);
        AnswerEverySearch();
        var unrelated = PartnerStub.Lab("bp-1", "8480-6", 120, "mm[Hg]");
        stub.Get("Observation", 200, PartnerStub.Searchset(PartnerStub.Ecog(1), unrelated));
        using var host = GatherHost.For(stub);

        var context = await host.Source.GatherAsync(Stages.Message("08"), None);

        Assert.Contains($"Observation?patient={PartnerStub.PatientId}", Gets());
        Assert.Equal(["ecog-1"], context.Resources.OfType<Observation>().Select(o => o.Id));
    }

    [Fact]
    public async Task GatherAsync_NoImagingStudy_RecordsAGapWithoutAsking()
    {
        stub.Capability(batch: false, imaging: false);
        AnswerEverySearch();
        using var host = GatherHost.For(stub);

        var context = await host.Source.GatherAsync(Stages.Message("08"), None);

        Assert.DoesNotContain(Gets(), g => g.StartsWith("ImagingStudy", StringComparison.Ordinal));
        Assert.Equal([new ContextGap("Imaging studies", "the partner's CapabilityStatement offers no ImagingStudy search")], context.Gaps);
    }

    [Fact]
    public async Task GatherAsync_IncludeSupported_AsksForReportResultsInTheSameSearch()
    {
        stub.Capability(include: true);
        var report = PartnerStub.RadiologyReport("Observation/ca-1");
        var included = PartnerStub.Searchset(report, PartnerStub.Lab("ca-1", "17861-6", 10.2m, "mg/dL"));
        included.Entry[1].Search.Mode = Bundle.SearchEntryMode.Include;
        stub.Batch(200, PartnerStub.BatchResponse(("200 OK", PartnerStub.Searchset()), ("200 OK", included), ("200 OK", PartnerStub.Searchset()),
            ("200 OK", PartnerStub.Searchset()), ("200 OK", PartnerStub.Searchset())));
        using var host = GatherHost.For(stub);

        var context = await host.Source.GatherAsync(Stages.Message("08"), None);

        Assert.Equal($"DiagnosticReport?patient={PartnerStub.PatientId}&category=http://loinc.org|LP29684-5&_include=DiagnosticReport:result",
            stub.PostedBatch().Entry[1].Request.Url);
        Assert.Contains(context.Resources, r => r.Id == "ca-1");
        Assert.Single(stub.Requests, r => r.RequestMessage.Method == "POST");
    }

    [Fact]
    public async Task GatherAsync_NoCapabilityStatement_UsesUsCoreSearchesAsGets()
    {
        stub.Get("metadata", 404, null);
        AnswerEverySearch();
        using var host = GatherHost.For(stub);

        var context = await host.Source.GatherAsync(Stages.Message("08"), None);

        Assert.Equal(PartnerStub.FullSearches.Order(StringComparer.Ordinal), Gets());
        Assert.Empty(context.Gaps);
    }
}
