using System.Net;
using BoneMets.Fhir.Testing;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Tests.Shared;

/// <summary>The test server's searches: the R4 parameters by type, includes, and paging in each next-link form.</summary>
public sealed class FhirTestServerSearchTests : IDisposable
{
    private const string Loinc = "http://loinc.org";
    private readonly FhirTestServer server = new();
    private readonly FhirTestServerClient client;

    public FhirTestServerSearchTests() => client = new FhirTestServerClient(server);

    private static Observation Lab(string id, string patient, string code) => new()
    {
        Id = id, Status = ObservationStatus.Final, Subject = new ResourceReference($"Patient/{patient}"), Code = new CodeableConcept(Loinc, code),
    };

    private async Task<Bundle> SearchAsync(string query)
    {
        var (response, bundle) = await client.GetAsync<Bundle>(query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return bundle!;
    }

    private static string[] Ids(Bundle bundle, Bundle.SearchEntryMode mode = Bundle.SearchEntryMode.Match) =>
        [.. bundle.Entry.Where(e => e.Search.Mode == mode).Select(e => e.Resource.Id!)];

    [Fact]
    public async Task Search_ByPatientAndTokens_AndWithinCommasOrAcrossParameters()
    {
        server.AddRange([Lab("a", "p1", "17861-6"), Lab("b", "p1", "1751-7"), Lab("c", "p2", "17861-6"), new Observation
        {
            Id = "d", Status = ObservationStatus.Final, Subject = new ResourceReference("Group/p1"), Code = new CodeableConcept(Loinc, "17861-6"),
        }]);

        Assert.Equal(["a", "b"], Ids(await SearchAsync("Observation?patient=p1")));
        Assert.Equal(["a"], Ids(await SearchAsync($"Observation?patient=p1&code={Loinc}|17861-6")));
        Assert.Equal(["a", "b"], Ids(await SearchAsync($"Observation?patient=Patient/p1&code={Loinc}|17861-6,{Loinc}|1751-7")));
        Assert.Equal(["a", "b", "c", "d"], Ids(await SearchAsync($"Observation?code={Loinc}|")));
        Assert.Equal(["d"], Ids(await SearchAsync("Observation?subject=Group/p1")));
    }

    [Fact]
    public async Task Search_DatesWithPrefixes_CompareAsRanges()
    {
        var start = new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
        server.AddRange(Enumerable.Range(0, 3).Select(i => new Slot
        {
            Id = $"s{i}", Schedule = new ResourceReference("Schedule/x"), Status = Slot.SlotStatus.Free, Start = start.AddDays(i), End = start.AddDays(i).AddMinutes(30),
        }));

        Assert.Equal(["s1", "s2"], Ids(await SearchAsync("Slot?schedule=Schedule/x&start=ge2026-12-08")));
        Assert.Equal(["s0", "s1"], Ids(await SearchAsync("Slot?start=le2026-12-08&status=free")));
        Assert.Equal(["s1"], Ids(await SearchAsync("Slot?start=2026-12-08")));
    }

    [Fact]
    public async Task Search_AnUnknownParameter_Is400AsHapiAnswersByDefault()
    {
        var (response, outcome) = await client.GetAsync<OperationOutcome>("Observation?colour=red");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("colour", outcome!.Issue[0].Diagnostics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_IncludeAndRevinclude_AddTheReferencedAndReferencingAsIncludes()
    {
        server.AddRange([new Patient { Id = "p1" }, Lab("a", "p1", "1751-7"), new DiagnosticReport
        {
            Id = "r", Status = DiagnosticReport.DiagnosticReportStatus.Final, Code = new CodeableConcept(Loinc, "x"), Result = [new ResourceReference("Observation/a")],
        }]);

        Assert.Equal(["a"], Ids(await SearchAsync("DiagnosticReport?_id=r&_include=DiagnosticReport:result"), Bundle.SearchEntryMode.Include));
        Assert.Equal(["r"], Ids(await SearchAsync("Observation?_id=a&_revinclude=DiagnosticReport:result"), Bundle.SearchEntryMode.Include));
        server.IncludeSupported = false;
        Assert.Empty(Ids(await SearchAsync("DiagnosticReport?_id=r&_include=DiagnosticReport:result"), Bundle.SearchEntryMode.Include));
    }

    [Theory]
    [InlineData(PageLinkForm.Absolute)]
    [InlineData(PageLinkForm.HapiGetPages)]
    [InlineData(PageLinkForm.PathSearch)]
    [InlineData(PageLinkForm.PathPage)]
    [InlineData(PageLinkForm.Relative)]
    public async Task Search_OverPages_EveryMatchOnceFollowingNextLinksInEachForm(PageLinkForm form)
    {
        server.PageSize = 2;
        server.Paging = form;
        server.AddRange(Enumerable.Range(0, 5).Select(i => Lab($"o{i}", "p1", "1751-7")));
        var seen = new List<string>();
        var page = await SearchAsync("Observation?patient=p1");
        for (var pages = 1; ; pages++)
        {
            seen.AddRange(Ids(page));
            Assert.Equal(5, page.Total);
            if (page.NextLink is not { } next)
            {
                Assert.Equal(3, pages);
                break;
            }

            var url = next.IsAbsoluteUri ? next.ToString()[server.BaseUrl.Length..].TrimStart('/') : next.ToString();
            page = await SearchAsync(url);
        }

        Assert.Equal(["o0", "o1", "o2", "o3", "o4"], seen);
    }

    [Fact]
    public async Task Search_CountSmallerThanThePageSize_IsHonoured()
    {
        server.AddRange(Enumerable.Range(0, 3).Select(i => Lab($"o{i}", "p1", "1751-7")));

        var page = await SearchAsync("Observation?patient=p1&_count=1");

        Assert.Equal(["o0"], Ids(page));
        Assert.Contains("_offset=1", page.NextLink!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_SearchView_ShowsWhatTheCacheHoldsWhileReadsAreCurrent()
    {
        server.Add(Lab("a", "p1", "1751-7"));
        server.SearchView = r => { ((Observation)r).Status = ObservationStatus.Preliminary; return r; };

        var searched = (Observation)(await SearchAsync("Observation?patient=p1")).Entry[0].Resource;
        var (_, read) = await client.GetAsync<Observation>("Observation/a");

        Assert.Equal((ObservationStatus.Preliminary, ObservationStatus.Final), (searched.Status, read!.Status));
    }

    public void Dispose()
    {
        client.Dispose();
        server.Dispose();
    }
}
