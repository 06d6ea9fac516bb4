using BoneMets.Fhir.Case;
using BoneMets.Fhir.Gather;
using BoneMets.Fhir.Terminology;
using Hl7.Fhir.Model;
using WireMock.RequestBuilders;
using Task = System.Threading.Tasks.Task;
using BoneMets.Fhir.Partners;

namespace BoneMets.Fhir.Tests.Gather;

public sealed class PartnerContextSourceTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly PartnerStub stub = new();

    public void Dispose() => stub.Dispose();

    private void FullRecordInBatch()
    {
        stub.Capability();
        stub.Batch(200, PartnerStub.BatchResponse(
            ("200 OK", PartnerStub.Searchset(PartnerStub.BoneMetastasis())),
            ("200 OK", PartnerStub.Searchset(PartnerStub.RadiologyReport())),
            ("200 OK", PartnerStub.Searchset(PartnerStub.Study())),
            ("200 OK", PartnerStub.Searchset(PartnerStub.Lab("ca-1", ClinicalCodes.LoincCalcium, 11.8m, "mg/dL"), PartnerStub.Ecog(2))),
            ("200 OK", PartnerStub.Searchset())));
    }

    [Fact]
    public async Task GatherAsync_CapableServer_SendsOneBatchOfTheExactSearches()
    {
        FullRecordInBatch();
        using var host = GatherHost.For(stub);

        var context = await host.Source.GatherAsync(Stages.Message("08"), None);

        Assert.Equal(["GET /fhir/metadata", "POST /fhir"], stub.Requests.Select(r => $"{r.RequestMessage.Method} {r.RequestMessage.Path}"));
        var batch = stub.PostedBatch();
        Assert.Equal(Bundle.BundleType.Batch, batch.Type);
        Assert.All(batch.Entry, e => Assert.Equal(Bundle.HTTPVerb.GET, e.Request.Method));
        Assert.Equal(PartnerStub.FullSearches, batch.Entry.Select(e => e.Request.Url));
        Assert.Contains(context.Resources, r => r is Condition { Id: "cond-bone" });
        Assert.Contains(context.Resources, r => r is ImagingStudy { Id: "is-1" });
        Assert.Contains(context.Resources, r => r is DiagnosticReport { Id: "dr-1" });
        Assert.Empty(context.Gaps);

        var consultCase = CaseAssembler.Assemble(context);
        Assert.Contains(consultCase.Metastases, c => c.Id == "cond-bone");
        Assert.Equal(2, consultCase.Observations.Count(o => o.Id is "ca-1" or "ecog-1"));
    }

    [Fact]
    public async Task GatherAsync_SecondReferral_ReadsTheCapabilityStatementOnceAndTakesOneRoundTrip()
    {
        FullRecordInBatch();
        using var host = GatherHost.For(stub);

        await host.Source.GatherAsync(Stages.Message("08"), None);
        var before = stub.Requests.Count;
        await host.Source.GatherAsync(Stages.Message("08"), None);

        Assert.Single(stub.RequestsTo("metadata"));
        Assert.Equal(1, stub.Requests.Count - before);
    }

    [Fact]
    public async Task GatherAsync_MessageCarriesTheSameResource_MessageWins()
    {
        var message = Stages.Message("08");
        var sent = message.All<Condition>().First();
        var partnersCopy = PartnerStub.BoneMetastasis();
        partnersCopy.Id = sent.Id;
        stub.Capability();
        stub.Batch(200, PartnerStub.BatchResponse(
            ("200 OK", PartnerStub.Searchset(partnersCopy)), ("200 OK", PartnerStub.Searchset()), ("200 OK", PartnerStub.Searchset()),
            ("200 OK", PartnerStub.Searchset()), ("200 OK", PartnerStub.Searchset())));
        using var host = GatherHost.For(stub);

        var context = await host.Source.GatherAsync(message, None);

        var kept = Assert.Single(context.Resources.OfType<Condition>(), c => c.Id == sent.Id);
        Assert.Equal(sent.Code.Coding[0].Code, kept.Code.Coding[0].Code);
    }

    [Fact]
    public async Task GatherAsync_PartialBatchFailure_RecordsTheFailedEntryAsAGapAndKeepsTheRest()
    {
        stub.Capability();
        stub.Batch(200, PartnerStub.BatchResponse(
            ("200 OK", PartnerStub.Searchset(PartnerStub.BoneMetastasis())),
            ("403 Forbidden", PartnerStub.Outcome(OperationOutcome.IssueType.Forbidden)),
            ("200 OK", PartnerStub.Searchset(PartnerStub.Study())),
            ("500 Internal Server Error", null),
            ("200 OK", PartnerStub.Searchset())));
        using var host = GatherHost.For(stub);

        var context = await host.Source.GatherAsync(Stages.Message("08"), None);

        Assert.Contains(context.Resources, r => r.Id == "cond-bone");
        Assert.Contains(context.Resources, r => r.Id == "is-1");
        Assert.Equal(
            [new ContextGap("Radiology reports", "the partner answered 403 (Forbidden)"), new ContextGap("Observations (labs, performance status, pain)", "the partner answered 500")],
            context.Gaps);
        Assert.Equal(context.Gaps, CaseAssembler.Assemble(context).Gaps);
    }

    [Fact]
    public async Task GatherAsync_NextLinks_FollowsThemUpToThePageCapAndRecordsTheRest()
    {
        stub.Capability();
        stub.Batch(200, PartnerStub.BatchResponse(
            ("200 OK", PartnerStub.SearchsetWithNext($"{stub.BaseUrl}/Condition?page=2", PartnerStub.BoneMetastasis())),
            ("200 OK", PartnerStub.Searchset()), ("200 OK", PartnerStub.Searchset()), ("200 OK", PartnerStub.Searchset()), ("200 OK", PartnerStub.Searchset())));
        var second = PartnerStub.BoneMetastasis();
        second.Id = "cond-2";
        stub.Server.Given(Request.Create().WithPath("/fhir/Condition").WithParam("page", "2").UsingGet())
            .RespondWith(PartnerStub.Respond(200, PartnerStub.SearchsetWithNext($"{stub.BaseUrl}/Condition?page=3", second)));
        using var host = GatherHost.For(stub, l => l.MaxPages = 2);

        var context = await host.Source.GatherAsync(Stages.Message("08"), None);

        Assert.Contains(context.Resources, r => r.Id == "cond-2");
        Assert.Single(stub.RequestsTo("Condition"));
        Assert.Equal([new ContextGap("Conditions", "more than 2 pages of results; the rest were not gathered")], context.Gaps);
    }

    [Fact]
    public async Task GatherAsync_ResourceCapReached_RecordsAGap()
    {
        FullRecordInBatch();
        using var host = GatherHost.For(stub, l => l.MaxResources = 2);

        var context = await host.Source.GatherAsync(Stages.Message("08"), None);

        Assert.Equal(2, context.Resources.Count - Stages.Message("08").Bundle.Entry.Count);
        var gap = Assert.Single(context.Gaps);
        Assert.Contains("cap of 2", gap.Why, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GatherAsync_ReportResultsNotReturned_ReadsThemInOneMoreBatch()
    {
        stub.Capability();
        stub.Server.Given(Request.Create().WithPath("/fhir").UsingPost().WithBody(b => b!.Contains("Condition?patient", StringComparison.Ordinal)))
            .RespondWith(PartnerStub.Respond(200, PartnerStub.BatchResponse(
                ("200 OK", PartnerStub.Searchset()), ("200 OK", PartnerStub.Searchset(PartnerStub.RadiologyReport("Observation/lesion-1", "Observation/lesion-2"))),
                ("200 OK", PartnerStub.Searchset()), ("200 OK", PartnerStub.Searchset()), ("200 OK", PartnerStub.Searchset()))));
        stub.Server.Given(Request.Create().WithPath("/fhir").UsingPost().WithBody(b => b!.Contains("Observation/lesion-1", StringComparison.Ordinal)))
            .RespondWith(PartnerStub.Respond(200, PartnerStub.BatchResponse(
                ("200 OK", PartnerStub.Lab("lesion-1", ClinicalCodes.LoincAlbumin, 3.1m, "g/dL")), ("404 Not Found", null))));
        using var host = GatherHost.For(stub);

        var context = await host.Source.GatherAsync(Stages.Message("08"), None);

        Assert.Equal(2, stub.Requests.Count(r => r.RequestMessage.Method == "POST"));
        Assert.Equal(["Observation/lesion-1", "Observation/lesion-2"], stub.PostedBatch(1).Entry.Select(e => e.Request.Url));
        Assert.Contains(context.Resources, r => r.Id == "lesion-1");
        Assert.Equal([new ContextGap("Referenced Observation", "the partner answered 404")], context.Gaps);
    }

    [Fact]
    public async Task GatherAsync_NoPartnerNamed_GathersFromTheMessageAlone()
    {
        using var host = new GatherHost(new PartnersOptions { ["other"] = GatherHost.Partner(stub.BaseUrl, "urn:x|y") });

        var context = await host.Source.GatherAsync(Stages.Message("08"), None);

        Assert.Empty(stub.Requests);
        Assert.Equal(Stages.Message("08").Bundle.Entry.Count, context.Resources.Count);
    }
}
