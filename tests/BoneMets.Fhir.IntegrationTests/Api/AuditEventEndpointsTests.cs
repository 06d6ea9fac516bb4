using System.Net;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.IntegrationTests.Auth;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.Api;

/// <summary>GET /fhir/AuditEvent through the real host: searched by its parameters, paged, and only for clients with no partner.</summary>
public sealed class AuditEventEndpointsTests : IDisposable
{
    private static readonly SmartClient PartnerEngine = new("westbrook-engine");
    private static readonly SmartClient TaskReader = new("audit-task-reader");
    private readonly BoneMetsHost host;

    public AuditEventEndpointsTests()
    {
        var directory = Path.Combine(Path.GetTempPath(), "bonemets-test-" + Guid.NewGuid().ToString("N"));
        host = new BoneMetsHost(directory, worker: false, settings: new Dictionary<string, string>
        {
            ["Partners:westbrook:BaseUrl"] = "https://ehr.westbrook.example.org/fhir",
            ["Partners:westbrook:SenderIdentifier"] = "http://hospital.example.org/organization|WCH",
            [$"Authorization:Clients:{PartnerEngine.ClientId}:JwksPath"] = PartnerEngine.WriteJwks(directory),
            [$"Authorization:Clients:{PartnerEngine.ClientId}:Scopes"] = "system/*.rs",
            [$"Authorization:Clients:{PartnerEngine.ClientId}:Partner"] = "westbrook",
            [$"Authorization:Clients:{TaskReader.ClientId}:JwksPath"] = TaskReader.WriteJwks(directory),
            [$"Authorization:Clients:{TaskReader.ClientId}:Scopes"] = "system/Task.rs",
        });
    }

    public void Dispose()
    {
        host.Dispose();
        host.DeleteStore();
    }

    private async Task<Bundle> SearchAsync(string query)
    {
        using var response = await host.CreateClient().GetAsync(new Uri("/fhir/AuditEvent" + query, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (Bundle)await BoneMetsHost.ReadFhirAsync(response);
    }

    private static IEnumerable<AuditEvent> Events(Bundle bundle) => bundle.Entry.Select(e => e.Resource).OfType<AuditEvent>();

    [Fact]
    public async Task Search_ByEntityOutcomeAgentAndType_TheMatchingAccesses()
    {
        var anonymous = host.CreateAnonymousClient();
        (await anonymous.GetAsync(new Uri("/fhir/Task/t-audited", UriKind.Relative))).Dispose(); // 401
        (await host.CreateClient().GetAsync(new Uri("/fhir/Task/t-audited", UriKind.Relative))).Dispose(); // 404 by the operator

        var byEntity = Events(await SearchAsync("?entity=Task/t-audited")).ToList();
        var refusedUnknown = Events(await SearchAsync("?entity=Task/t-audited&agent=unknown&outcome=4")).Single();
        var logins = Events(await SearchAsync($"?type=http://dicom.nema.org/resources/ontology/DCM|110114&agent={BoneMetsHost.Operator.ClientId}")).ToList();

        Assert.Equal(2, byEntity.Count);
        Assert.Equal("401", refusedUnknown.OutcomeDesc);
        Assert.NotEmpty(logins); // the operator's own token request
        Assert.All(logins, l => Assert.Equal("110122", l.Subtype.Single().Code));
    }

    [Fact]
    public async Task Search_Paged_NextLinkKeepsTheFilterAndEndsOnce()
    {
        for (var i = 0; i < 3; i++)
        {
            (await host.CreateClient().GetAsync(new Uri($"/fhir/Task/page-{i}", UriKind.Relative))).Dispose();
        }

        var first = await SearchAsync("?subtype=read&outcome=4&_count=2");
        var next = first.Link.Single(l => l.Relation == "next").Url;
        using var response = await host.CreateClient().GetAsync(new Uri(next));
        var second = (Bundle)await BoneMetsHost.ReadFhirAsync(response);

        Assert.Equal((3, 2), (first.Total, Events(first).Count()));
        Assert.Contains("subtype=read", next, StringComparison.Ordinal);
        Assert.Single(Events(second));
        Assert.DoesNotContain(second.Link, l => l.Relation == "next");
        Assert.Equal(3, Events(first).Concat(Events(second)).Select(a => a.Id).Distinct().Count());
    }

    [Fact]
    public async Task Read_ById_TheAuditEvent()
    {
        (await host.CreateClient().GetAsync(new Uri("/fhir/Task/read-me", UriKind.Relative))).Dispose();
        var id = Events(await SearchAsync("?entity=Task/read-me")).Single().Id;

        var audit = await host.GetAsync<AuditEvent>($"/fhir/AuditEvent/{id}");
        using var missing = await host.CreateClient().GetAsync(new Uri("/fhir/AuditEvent/no-such-event", UriKind.Relative));

        Assert.Equal("Task/read-me", audit.Entity.First().What.Reference);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Search_BadDate_400NamingTheParameter()
    {
        using var response = await host.CreateClient().GetAsync(new Uri("/fhir/AuditEvent?date=last-tuesday", UriKind.Relative));

        var outcome = (OperationOutcome)await BoneMetsHost.ReadFhirAsync(response);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("date", outcome.Issue.Single().Expression.Single());
    }

    [Fact]
    public async Task Search_PartnersClientWithTheScope_403()
    {
        var client = await host.CreateClientAsAsync(PartnerEngine, "system/AuditEvent.rs");

        using var search = await client.GetAsync(new Uri("/fhir/AuditEvent", UriKind.Relative));
        using var read = await client.GetAsync(new Uri("/fhir/AuditEvent/any", UriKind.Relative));

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (search.StatusCode, read.StatusCode));
        Assert.Equal(OperationOutcome.IssueType.Forbidden, ((OperationOutcome)await BoneMetsHost.ReadFhirAsync(search)).Issue.Single().Code);
    }

    [Fact]
    public async Task Search_WithoutTheAuditScope_403AndItselfAudited()
    {
        var client = await host.CreateClientAsAsync(TaskReader, "system/Task.rs");

        using var response = await client.GetAsync(new Uri("/fhir/AuditEvent?outcome=0", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var refused = Events(await SearchAsync($"?agent={TaskReader.ClientId}&subtype=search-type")).Single();
        Assert.Equal("403", refused.OutcomeDesc![..3]);
        Assert.Equal("AuditEvent?outcome=0", refused.Entity.Single(e => e.Role?.Code == "24").Description);
    }
}
