using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Search;
using BoneMets.Fhir.Store;
using Hl7.Fhir.Model;
using static BoneMets.Fhir.Tests.Store.Inbound;
using FhirTask = Hl7.Fhir.Model.Task;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Tests.Store.Contract;

public abstract class ResourcesContract : StoreContract
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset October = new(2026, 10, 15, 12, 0, 0, TimeSpan.Zero);
    [SkippableFact]
    public async Task UpsertAsync_SameContentAgain_NoNewVersion()
    {
        await Store.UpsertAsync([new Patient { Id = "p", Active = true }], T0, None);

        await Store.UpsertAsync([new Patient { Id = "p", Active = true }], T0.AddHours(1), None);

        var stored = await Store.ReadAsync("Patient", "p", None);
        Assert.Equal((1, T0), (stored?.Version, stored?.LastUpdated));
        Assert.Null(await Store.ReadVersionAsync("Patient", "p", 2, None));
    }

    [SkippableFact]
    public async Task UpsertAsync_ChangedContent_Version2AndVersion1StillReadable()
    {
        await Store.UpsertAsync([new Patient { Id = "p", Active = true }], T0, None);

        await Store.UpsertAsync([new Patient { Id = "p", Active = false }], T0.AddHours(1), None);

        var current = await Store.ReadAsync("Patient", "p", None);
        var first = await Store.ReadVersionAsync("Patient", "p", 1, None);
        Assert.Equal((2, T0.AddHours(1)), (current?.Version, current?.LastUpdated));
        Assert.False(FhirJson.Parse<Patient>(current!.Json).Active);
        Assert.Equal("2", FhirJson.Parse<Patient>(current.Json).Meta?.VersionId);
        Assert.True(FhirJson.Parse<Patient>(first!.Json).Active);
        Assert.Equal("1", FhirJson.Parse<Patient>(first.Json).Meta?.VersionId);
    }

    [SkippableFact]
    public async Task CompleteAsync_ReplayedPlan_WritesNoNewVersions()
    {
        await Store.AcceptAsync(Message("a", "ha"), None);
        await Store.AcceptAsync(Message("b", "hb"), None);
        await Store.CompleteAsync((await Store.ClaimNextAsync(T0, None))!, [new Patient { Id = "p", Active = true }], T0, None);

        await Store.CompleteAsync((await Store.ClaimNextAsync(T0, None))!, [new Patient { Id = "p", Active = true }], T0.AddDays(1), None);

        Assert.Equal(1, (await Store.ReadAsync("Patient", "p", None))?.Version);
        Assert.Equal(1, await Temp.ScalarAsync("SELECT COUNT(*) FROM resource_history"));
    }

    [SkippableFact]
    public async Task ReadAsync_Unknown_Null()
    {
        Assert.Null(await Store.ReadAsync("Patient", "nobody", None));
    }

    [SkippableFact]
    public async Task UpsertAsync_ResourceWithoutId_Throws()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.UpsertAsync([new Patient()], T0, None));
    }

    // Seven Tasks: t1–t4 written in October, t5–t7 on 16 November; odd ones accepted, even ones in progress;
    // t1–t3 focus ServiceRequest/sr-a, the rest sr-b. A Patient with id t1 checks that the type is part of the search.
    private async Task SeedAsync()
    {
        for (var i = 1; i <= 7; i++)
        {
            var task = new FhirTask
            {
                Id = $"t{i}",
                Status = i % 2 == 1 ? FhirTask.TaskStatus.Accepted : FhirTask.TaskStatus.InProgress,
                Intent = FhirTask.TaskIntent.Order,
                Identifier = [new Identifier("http://example.org/ids", $"T{i}")],
                Focus = new ResourceReference(i <= 3 ? "ServiceRequest/sr-a" : "ServiceRequest/sr-b"),
            };
            await Store.UpsertAsync([task], i <= 4 ? October : T0, None);
        }

        await Store.UpsertAsync([new Patient { Id = "t1" }], T0, None);
    }

    private async Task<SearchPage> SearchAsync(params (string Name, string Value)[] parameters)
    {
        var (query, issues) = SearchQuery.Parse("Task", parameters.Select(p => KeyValuePair.Create(p.Name, p.Value)), strict: true);
        Assert.Empty(issues);
        return await Store.SearchAsync(query!, None);
    }

    [SkippableTheory]
    [InlineData("status", "accepted", "t1 t3 t5 t7")]
    [InlineData("status", "accepted,in-progress", "t1 t2 t3 t4 t5 t6 t7")]
    [InlineData("identifier", "http://example.org/ids|T2", "t2")]
    [InlineData("identifier", "T2", "t2")]
    [InlineData("identifier", "|T2", "")]
    [InlineData("identifier", "http://other.example.org|T2", "")]
    [InlineData("identifier", "http://other.example.org|", "")]
    [InlineData("identifier", "http://example.org/ids|", "t1 t2 t3 t4 t5 t6 t7")] // any code in that system
    [InlineData("focus", "ServiceRequest/sr-a", "t1 t2 t3")]
    [InlineData("focus", "sr-a", "t1 t2 t3")]
    [InlineData("focus", "http://ehr.example.org/fhir/ServiceRequest/sr-a", "t1 t2 t3")]
    [InlineData("focus", "Patient/sr-a", "")]
    [InlineData("focus", "SR-A", "")]  // ids are case-sensitive
    [InlineData("focus", "sr_a", "")]  // and a bare id is not a pattern
    [InlineData("focus", "%", "")]
    [InlineData("_id", "t1,t7", "t1 t7")]
    [InlineData("_lastUpdated", "eq2026-11", "t5 t6 t7")]
    [InlineData("_lastUpdated", "lt2026-11", "t1 t2 t3 t4")]
    [InlineData("_lastUpdated", "2026-10-15", "t1 t2 t3 t4")]
    [InlineData("_lastUpdated", "gt2026-10-15", "t5 t6 t7")]
    [InlineData("_lastUpdated", "ge2026-10-15T12:00:00Z", "t1 t2 t3 t4 t5 t6 t7")]
    [InlineData("_lastUpdated", "gt2026-10-15T12:00:00Z", "t5 t6 t7")]
    public async Task SearchAsync_OneParameter_MatchingTasksAndTotal(string name, string value, string expected)
    {
        await SeedAsync();

        var page = await SearchAsync((name, value));

        var ids = expected.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ids, page.Resources.Select(r => r.Id));
        Assert.Equal(ids.Length, page.Total);
        Assert.All(page.Resources, r => Assert.Equal("Task", r.Type));
        Assert.Null(page.NextCursor);
    }

    [SkippableFact]
    public async Task SearchAsync_TwoParameters_AndedTogether()
    {
        await SeedAsync();

        var page = await SearchAsync(("focus", "ServiceRequest/sr-a"), ("status", "accepted"));

        Assert.Equal(["t1", "t3"], page.Resources.Select(r => r.Id));
    }

    [SkippableFact]
    public async Task SearchAsync_KeysetPagingThreeAtATime_ThreePagesNoDuplicatesNoGaps()
    {
        await SeedAsync();

        var pages = new List<SearchPage> { await SearchAsync(("_count", "3")) };
        while (pages[^1].NextCursor is { } cursor && pages.Count < 10)
        {
            pages.Add(await SearchAsync(("_count", "3"), ("_cursor", cursor.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }

        Assert.Equal([3, 3, 1], pages.Select(p => p.Resources.Count));
        Assert.All(pages, p => Assert.Equal(7, p.Total));
        Assert.Equal(["t1", "t2", "t3", "t4", "t5", "t6", "t7"], pages.SelectMany(p => p.Resources).Select(r => r.Id));
        Assert.Null(pages[^1].NextCursor);
    }

    [SkippableFact]
    public async Task SearchAsync_ResourceRewrittenWithOtherValues_IndexFollowsTheCurrentVersion()
    {
        await SeedAsync();

        await Store.UpsertAsync([new FhirTask { Id = "t1", Status = FhirTask.TaskStatus.Completed, Intent = FhirTask.TaskIntent.Order }], T0, None);

        Assert.Equal(["t3", "t5", "t7"], (await SearchAsync(("status", "accepted"))).Resources.Select(r => r.Id));
        Assert.Equal(["t1"], (await SearchAsync(("status", "completed"))).Resources.Select(r => r.Id));
    }
}
