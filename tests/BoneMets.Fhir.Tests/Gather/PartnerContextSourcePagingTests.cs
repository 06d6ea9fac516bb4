using BoneMets.Fhir.Case;
using BoneMets.Fhir.Testing;
using Hl7.Fhir.Model;
using WireMock.RequestBuilders;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Tests.Gather;

/// <summary>Gathering follows a next link in every form servers write it (issue 20), and refuses one on another host as a gap.</summary>
public sealed class PartnerContextSourcePagingTests : IDisposable
{
    private readonly PartnerStub stub = new();

    public void Dispose() => stub.Dispose();

    private void ConditionsOverTwoPages(PageLinkForm form)
    {
        stub.Capability();
        var query = $"patient={PartnerStub.PatientId}";
        stub.Batch(200, PartnerStub.BatchResponse(
            ("200 OK", PartnerStub.SearchsetWithNext(PageLinks.Next(form, stub.BaseUrl, "Condition", query, "g1", 1, 1), PartnerStub.BoneMetastasis())),
            ("200 OK", PartnerStub.Searchset()), ("200 OK", PartnerStub.Searchset()), ("200 OK", PartnerStub.Searchset()), ("200 OK", PartnerStub.Searchset())));
        var second = PartnerStub.BoneMetastasis();
        second.Id = "cond-2";
        var page = PartnerStub.Respond(200, PartnerStub.Searchset(second));
        var request = form switch
        {
            PageLinkForm.HapiGetPages => Request.Create().WithPath("/fhir").WithParam("_getpages", "g1").WithParam("_getpagesoffset", "1"),
            PageLinkForm.PathSearch => Request.Create().WithPath("/fhir/Condition/_search").WithParam("_offset", "1"),
            PageLinkForm.PathPage => Request.Create().WithPath("/fhir/_page/g1/1"),
            _ => Request.Create().WithPath("/fhir/Condition").WithParam("_offset", "1"),
        };
        stub.Server.Given(request.UsingGet()).RespondWith(page);
    }

    [Theory]
    [InlineData(PageLinkForm.Absolute)]
    [InlineData(PageLinkForm.HapiGetPages)]
    [InlineData(PageLinkForm.PathSearch)]
    [InlineData(PageLinkForm.PathPage)]
    [InlineData(PageLinkForm.Relative)]
    public async Task GatherAsync_NextLinkInEachForm_FollowsIt(PageLinkForm form)
    {
        ConditionsOverTwoPages(form);
        using var host = GatherHost.For(stub);

        var context = await host.Source.GatherAsync(Stages.Message("08"), CancellationToken.None);

        Assert.Contains(context.Resources, r => r.Id == "cond-bone");
        Assert.Contains(context.Resources, r => r.Id == "cond-2");
        Assert.Empty(context.Gaps);
    }

    [Fact]
    public async Task GatherAsync_NextLinkOnAnotherHost_NotFollowedAndAGap()
    {
        ConditionsOverTwoPages(PageLinkForm.OtherHost);
        using var host = GatherHost.For(stub);

        var context = await host.Source.GatherAsync(Stages.Message("08"), CancellationToken.None);

        Assert.Contains(context.Resources, r => r.Id == "cond-bone");
        Assert.DoesNotContain(context.Resources, r => r.Id == "cond-2");
        Assert.Empty(stub.RequestsTo("Condition")); // the same stub under another name: only the check kept it from being asked
        Assert.Equal([new ContextGap("Conditions", "the next page is outside the partner's base URL and was not followed")], context.Gaps);
    }
}
