using System.Net;
using System.Text;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.IntegrationTests.WriteBack;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Store;
using BoneMets.Fhir.WriteBack;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.Auth;

/// <summary>
/// Two partners over every endpoint, through the real host and real tokens: Northfield sends sample 01, Riverside 02
/// and 09. Each partner's client posts only in its own name and reads, searches and pages only its own referrals'
/// resources; the operator client sees both.
/// </summary>
public sealed class PartnerIsolationTests : IClassFixture<PartnerIsolationTests.TwoPartners>
{
    private readonly TwoPartners service;

    public PartnerIsolationTests(TwoPartners service) => this.service = service;

    public sealed class TwoPartners : IAsyncLifetime
    {
        public static readonly SmartClient North = new("northfield-interface");
        public static readonly SmartClient River = new("riverside-interface");
        private readonly FakePartnerServer northEhr = new();
        private readonly FakePartnerServer riverEhr = new();

        public TwoPartners()
        {
            var directory = Path.Combine(Path.GetTempPath(), "bonemets-test-" + Guid.NewGuid().ToString("N"));
            Host = new BoneMetsHost(directory, settings: new Dictionary<string, string>
            {
                ["Partners:northfield:BaseUrl"] = northEhr.BaseUrl,
                ["Partners:northfield:SourceEndpoints:0"] = "https://interface.northfield.example.org/fhir",
                ["Partners:riverside:BaseUrl"] = riverEhr.BaseUrl,
                ["Partners:riverside:SenderIdentifier"] = "http://hospital.example.org/organization|ROI",
                [$"Authorization:Clients:{North.ClientId}:Partner"] = "northfield",
                [$"Authorization:Clients:{North.ClientId}:JwksPath"] = North.WriteJwks(directory),
                [$"Authorization:Clients:{North.ClientId}:Scopes"] = "system/ServiceRequest.c system/*.rs",
                [$"Authorization:Clients:{River.ClientId}:Partner"] = "riverside",
                [$"Authorization:Clients:{River.ClientId}:JwksPath"] = River.WriteJwks(directory),
                [$"Authorization:Clients:{River.ClientId}:Scopes"] = "system/ServiceRequest.c system/*.rs",
            });
        }

        public BoneMetsHost Host { get; }

        public HttpClient NorthClient { get; private set; } = null!;

        public HttpClient RiverClient { get; private set; } = null!;

        public Hl7.Fhir.Model.Task NorthTask { get; private set; } = null!;

        public List<Hl7.Fhir.Model.Task> RiverTasks { get; } = [];

        public HttpResponseMessage NorthPostingRiversMessage { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            NorthClient = await Host.CreateClientAsAsync(North, "system/ServiceRequest.c system/*.rs");
            RiverClient = await Host.CreateClientAsAsync(River, "system/ServiceRequest.c system/*.rs");
            NorthTask = await ReferAsync(NorthClient, "01-breast-femur-impending-fracture.json");
            RiverTasks.Add(await ReferAsync(RiverClient, "02-prostate-thoracic-mscc.json"));
            RiverTasks.Add(await ReferAsync(RiverClient, "09-lung-cauda-equina.json"));
            // Riverside's message exactly as Riverside sent it: a resend would answer with Riverside's Task.
            NorthPostingRiversMessage = await PostAsync(NorthClient, Samples.Referral("02-prostate-thoracic-mscc.json"));
        }

        public Task DisposeAsync()
        {
            Host.Dispose();
            Host.DeleteStore();
            northEhr.Dispose();
            riverEhr.Dispose();
            return Task.CompletedTask;
        }

        public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string json) =>
            await client.PostAsync(new Uri("/fhir/$process-message", UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/fhir+json"));

        private async Task<Hl7.Fhir.Model.Task> ReferAsync(HttpClient client, string sample)
        {
            using var response = await PostAsync(client, Samples.Referral(sample));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await Host.WaitForAsync<Hl7.Fhir.Model.Task>("/fhir/" + BoneMetsHost.AnnouncedTask((Bundle)await BoneMetsHost.ReadFhirAsync(response)));
        }
    }

    [Fact]
    public async Task Post_MessageInAnotherPartnersName_403AndNothingStored()
    {
        Assert.Equal(HttpStatusCode.Forbidden, service.NorthPostingRiversMessage.StatusCode);
        var body = await BoneMetsHost.ReadFhirAsync(service.NorthPostingRiversMessage);
        var outcome = body as OperationOutcome ?? ((Bundle)body).Entry.Select(e => e.Resource).OfType<OperationOutcome>().Single();
        Assert.Equal(OperationOutcome.IssueType.Forbidden, outcome.Issue.Single().Code);
        Assert.DoesNotContain(service.RiverTasks[0].Id, await service.NorthPostingRiversMessage.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var inbox = service.Host.Services.GetRequiredService<IReferralInbox>();
        var stored = 0;
        foreach (var status in Enum.GetValues<InboxStatus>())
        {
            stored += (await inbox.ListAsync(status, CancellationToken.None)).Count;
        }

        Assert.Equal(3, stored); // 01, 02 and 09 as their own partners sent them
    }

    [Fact]
    public async Task Post_OwnMessageWithAnotherPartnersReferralIdentifier_RefusedNotMerged()
    {
        // Northfield's own message, carrying Riverside's referral identifier: it would otherwise update Riverside's Task.
        var bundle = FhirJson.Parse<Bundle>(Samples.WithNewMessageIds(Samples.Referral("01-breast-femur-impending-fracture.json")));
        var riverside = FhirJson.Parse<Bundle>(Samples.Referral("02-prostate-thoracic-mscc.json")).Entry.Select(e => e.Resource).OfType<ServiceRequest>().Single();
        bundle.Entry.Select(e => e.Resource).OfType<ServiceRequest>().Single().Identifier = riverside.Identifier;

        using var response = await TwoPartners.PostAsync(service.NorthClient, FhirJson.Serialize(bundle));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task Read_AnotherPartnersResources_404ItsOwn200()
    {
        var river = service.RiverTasks[0];
        foreach (var reference in new[] { $"Task/{river.Id}", river.For.Reference, river.Focus.Reference, $"Task/{river.Id}/_history/1" })
        {
            using var response = await service.NorthClient.GetAsync(new Uri("/fhir/" + reference, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"northfield read {reference}: {(int)response.StatusCode}");
        }

        using var own = await service.NorthClient.GetAsync(new Uri($"/fhir/Task/{service.NorthTask.Id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        using var ownPatient = await service.NorthClient.GetAsync(new Uri("/fhir/" + service.NorthTask.For.Reference, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, ownPatient.StatusCode);
        using var theirs = await service.RiverClient.GetAsync(new Uri($"/fhir/Task/{service.NorthTask.Id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
    }

    [Fact]
    public async Task Search_EveryTypeServed_EachPartnerSeesOnlyItsOwnAndTheOperatorSeesBoth()
    {
        var metadata = await service.Host.GetAsync<CapabilityStatement>("/fhir/metadata");
        var program = new HashSet<string>(service.Host.Services.GetRequiredService<ProgramDirectory>().Resources().Select(r => $"{r.TypeName}/{r.Id}"));
        var compared = 0;
        // AuditEvent is served, but to the auditor and operator only: a partner's search is refused, not filtered.
        foreach (var type in metadata.Rest[0].Resource.Select(r => r.Type!).Where(t => t is not ("StructureDefinition" or "ValueSet" or "CodeSystem" or "AuditEvent")))
        {
            var all = await AllPagesAsync(service.Host.CreateClient(), $"/fhir/{type}?_count=7");
            var north = await AllPagesAsync(service.NorthClient, $"/fhir/{type}?_count=7");
            var river = await AllPagesAsync(service.RiverClient, $"/fhir/{type}?_count=7");

            Assert.Subset(all.ToHashSet(), north.ToHashSet());
            Assert.Subset(all.ToHashSet(), river.ToHashSet());
            Assert.All(north.Intersect(river), shared => Assert.Contains(shared, program)); // only the program's own directory
            compared += north.Count + river.Count;
        }

        Assert.Equal(["Task/" + service.NorthTask.Id], await AllPagesAsync(service.NorthClient, "/fhir/Task"));
        Assert.Equal(service.RiverTasks.Select(t => "Task/" + t.Id).Order(), (await AllPagesAsync(service.RiverClient, "/fhir/Task")).Order());
        Assert.Equal(3, (await AllPagesAsync(service.Host.CreateClient(), "/fhir/Task")).Count);
        Assert.True(compared > 10, "the partners' searches found their referrals' resources");
        foreach (var partner in new[] { service.NorthClient, service.RiverClient })
        {
            using var audit = await partner.GetAsync(new Uri("/fhir/AuditEvent", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Forbidden, audit.StatusCode);
        }
    }

    [Fact]
    public async Task Search_PagedByOne_TotalAndNextLinksCountOnlyItsOwn()
    {
        var first = await GetBundleAsync(service.RiverClient, "/fhir/Task?_count=1");
        Assert.Equal(2, first.Total);
        var next = first.Link.Single(l => l.Relation == "next").Url;
        var second = await GetBundleAsync(service.RiverClient, next);
        Assert.Null(second.Link.SingleOrDefault(l => l.Relation == "next"));

        // Riverside's paging link followed by Northfield's client, and a cursor from the start: still only Northfield's.
        var borrowed = await GetBundleAsync(service.NorthClient, next);
        Assert.All(borrowed.Entry, e => Assert.Equal(service.NorthTask.Id, e.Resource.Id));
        var fromStart = await GetBundleAsync(service.NorthClient, "/fhir/Task?_count=1&_cursor=0");
        Assert.Equal(1, fromStart.Total);
    }

    [Theory]
    [InlineData("/fhir/Task?_include=Task:patient&_include=Task:focus")]
    [InlineData("/fhir/Patient?_revinclude=Task:patient")]
    [InlineData("/fhir/ServiceRequest?_revinclude=Task:focus&_include=ServiceRequest:subject")]
    [InlineData("/fhir/Task?_include:iterate=*")]
    public async Task Search_IncludeAndRevinclude_NeverBringAnotherPartnersResources(string query)
    {
        var river = service.RiverTasks.SelectMany(t => new[] { "Task/" + t.Id, t.For.Reference, t.Focus.Reference }).ToHashSet();

        var bundle = await GetBundleAsync(service.NorthClient, query);

        Assert.Contains(bundle.Entry, e => e.Search?.Mode == Bundle.SearchEntryMode.Match);
        Assert.DoesNotContain(bundle.Entry.Where(e => e.Resource is not OperationOutcome), e => river.Contains($"{e.Resource.TypeName}/{e.Resource.Id}"));
    }

    [Theory]
    [InlineData("Task?_id={task}")]
    [InlineData("Task?patient={patient}")]
    [InlineData("Task?focus={focus}")]
    [InlineData("ServiceRequest?subject={patient}")]
    public async Task Search_ForAnotherPartnersIds_FindsNothing(string template)
    {
        var river = service.RiverTasks[0];
        var query = template.Replace("{task}", river.Id, StringComparison.Ordinal)
            .Replace("{patient}", river.For.Reference, StringComparison.Ordinal).Replace("{focus}", river.Focus.Reference, StringComparison.Ordinal);

        var bundle = await GetBundleAsync(service.NorthClient, "/fhir/" + query);
        var operatorBundle = await GetBundleAsync(service.Host.CreateClient(), "/fhir/" + query);

        Assert.Equal(0, bundle.Total);
        Assert.Equal(1, operatorBundle.Total);
    }

    internal static async Task<Bundle> GetBundleAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.RelativeOrAbsolute));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode} {body}");
        return FhirJson.Parse<Bundle>(body);
    }

    private static async Task<List<string>> AllPagesAsync(HttpClient client, string url)
    {
        var found = new List<string>();
        for (string? next = url; next is not null;)
        {
            var page = await GetBundleAsync(client, next);
            found.AddRange(page.Entry.Where(e => e.Search?.Mode == Bundle.SearchEntryMode.Match).Select(e => $"{e.Resource.TypeName}/{e.Resource.Id}"));
            next = page.Link.SingleOrDefault(l => l.Relation == "next")?.Url;
        }

        return found;
    }
}
