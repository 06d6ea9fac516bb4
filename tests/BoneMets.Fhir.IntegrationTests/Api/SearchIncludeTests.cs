using System.Net;
using BoneMets.Fhir.IntegrationTests.Auth;
using Hl7.Fhir.Model;
using static BoneMets.Fhir.IntegrationTests.Auth.PartnerIsolationTests;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.Api;

/// <summary>
/// _include and _revinclude through the real host with two partners (Northfield: sample 01; Riverside: 02 and 09):
/// included resources come as search mode "include", per page, only the caller's partner's; what the server cannot
/// include is ignored with a warning, or refused under Prefer: handling=strict. Cross-partner references are in
/// <c>Store/PartnerViewTests</c>, where they can be written.
/// </summary>
public sealed class SearchIncludeTests(TwoPartners service) : IClassFixture<TwoPartners>
{
    [Fact]
    public async Task RevIncludeAndInclude_OnServiceRequest_BringItsTaskAndPatientAsIncludes()
    {
        var task = service.NorthTask;

        var bundle = await GetBundleAsync(service.NorthClient, "/fhir/ServiceRequest?_revinclude=Task:focus&_include=ServiceRequest:subject");

        Assert.Equal([task.Focus.Reference], Keys(bundle, Bundle.SearchEntryMode.Match));
        Assert.Equal(new[] { task.For.Reference, "Task/" + task.Id }.Order(), Keys(bundle, Bundle.SearchEntryMode.Include).Order());
        Assert.Equal(1, bundle.Total); // includes are not counted
    }

    [Fact]
    public async Task Include_OnTask_FocusAndPatient_OperatorGetsEveryPartners()
    {
        var all = await GetBundleAsync(service.Host.CreateClient(), "/fhir/Task?_include=Task:focus&_include=Task:patient");
        var tasks = new[] { service.NorthTask }.Concat(service.RiverTasks).ToList();

        Assert.Equal(tasks.SelectMany(t => new[] { t.Focus.Reference, t.For.Reference }).Order(), Keys(all, Bundle.SearchEntryMode.Include).Order());
    }

    [Fact]
    public async Task Include_PagedByOne_EachPageCarriesItsOwnMatchesIncludes()
    {
        var first = await GetBundleAsync(service.RiverClient, "/fhir/Task?_count=1&_include=Task:patient");
        var next = first.Link.Single(l => l.Relation == "next").Url;
        var second = await GetBundleAsync(service.RiverClient, next);

        Assert.Contains("_include=Task%3Apatient", next, StringComparison.Ordinal);
        foreach (var page in new[] { first, second })
        {
            var match = (Hl7.Fhir.Model.Task)page.Entry.Single(e => e.Search.Mode == Bundle.SearchEntryMode.Match).Resource;
            Assert.Equal([match.For.Reference], Keys(page, Bundle.SearchEntryMode.Include));
        }
    }

    [Fact]
    public async Task UnknownInclude_IgnoredWithAWarning_RefusedWhenStrict()
    {
        var lenient = await GetBundleAsync(service.NorthClient, "/fhir/Task?_include=Task:nonesuch");
        var warning = (OperationOutcome)lenient.Entry.Single(e => e.Search.Mode == Bundle.SearchEntryMode.Outcome).Resource;

        using var request = new HttpRequestMessage(HttpMethod.Get, "/fhir/Task?_include=Task:nonesuch");
        request.Headers.Add("Prefer", "handling=strict");
        using var strict = await service.NorthClient.SendAsync(request);

        Assert.Equal(["Task/" + service.NorthTask.Id], Keys(lenient, Bundle.SearchEntryMode.Match));
        Assert.Empty(Keys(lenient, Bundle.SearchEntryMode.Include));
        Assert.Equal((OperationOutcome.IssueSeverity.Warning, "_include"), (warning.Issue.Single().Severity!.Value, warning.Issue.Single().Expression.Single()));
        Assert.Equal(HttpStatusCode.BadRequest, strict.StatusCode);
    }

    [Fact]
    public async Task Metadata_DeclaresTheIncludesServed()
    {
        var metadata = await service.Host.GetAsync<CapabilityStatement>("/fhir/metadata");
        var resources = metadata.Rest[0].Resource.ToDictionary(r => r.Type!);

        Assert.Contains("Task:focus", resources["Task"].SearchInclude);
        Assert.Contains("Task:based-on", resources["Task"].SearchInclude);
        Assert.Contains("ServiceRequest:subject", resources["ServiceRequest"].SearchInclude);
        Assert.Contains("ServiceRequest:requester", resources["ServiceRequest"].SearchInclude);
        Assert.Contains("Task:focus", resources["ServiceRequest"].SearchRevInclude);
        Assert.Contains("Task:based-on", resources["ServiceRequest"].SearchRevInclude);
        Assert.DoesNotContain("Task:patient", resources["ServiceRequest"].SearchRevInclude); // Task:patient points at a Patient only
    }

    private static List<string> Keys(Bundle bundle, Bundle.SearchEntryMode mode) =>
        [.. bundle.Entry.Where(e => e.Search?.Mode == mode).Select(e => $"{e.Resource.TypeName}/{e.Resource.Id}")];
}
