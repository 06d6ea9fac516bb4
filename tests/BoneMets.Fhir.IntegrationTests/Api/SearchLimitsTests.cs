using System.Net;
using BoneMets.Fhir.Fhir;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.Api;

/// <summary>Search limits as a client sees them (issue 14): a capped _count shows in the self link; ignored parameters do not.</summary>
public sealed class SearchLimitsTests : IDisposable
{
    private readonly BoneMetsHost host = new(worker: false);

    public void Dispose()
    {
        host.Dispose();
        host.DeleteStore();
    }

    [Fact]
    public async Task Search_CountAboveTheMaximum_CappedWithTheCountUsedInTheSelfLink()
    {
        var bundle = await host.GetAsync<Bundle>("/fhir/Task?status=accepted&_count=5000");

        var self = bundle.Link.Single(l => l.Relation == "self").Url;
        Assert.Contains("_count=100", self, StringComparison.Ordinal);
        Assert.DoesNotContain("5000", self, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_UnknownParameterLenient_IgnoredAndLeftOutOfTheSelfLink()
    {
        var bundle = await host.GetAsync<Bundle>("/fhir/Task?name=Quinlan&status=accepted");

        var self = bundle.Link.Single(l => l.Relation == "self").Url;
        Assert.Contains("status=accepted", self, StringComparison.Ordinal);
        Assert.DoesNotContain("Quinlan", self, StringComparison.Ordinal);
        var outcome = Assert.IsType<OperationOutcome>(bundle.Entry.Single(e => e.Search.Mode == Bundle.SearchEntryMode.Outcome).Resource);
        Assert.Contains(outcome.Issue, i => i.Code == OperationOutcome.IssueType.NotSupported && i.Expression.Contains("name"));
    }

    [Fact]
    public async Task Search_UnknownParameterStrict_400NamingIt()
    {
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/fhir/Task?name=Quinlan", UriKind.Relative));
        request.Headers.Add("Prefer", "handling=strict");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var outcome = FhirJson.Parse<OperationOutcome>(await response.Content.ReadAsStringAsync());
        Assert.Contains(outcome.Issue, i => i.Expression.Contains("name"));
    }
}
