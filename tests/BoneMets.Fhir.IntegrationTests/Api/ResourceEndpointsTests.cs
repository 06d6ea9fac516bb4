using System.Net;
using BoneMets.Fhir.Terminology;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.Api;

/// <summary>The searches a referring team runs to read the answers back.</summary>
public sealed class ResourceEndpointsTests : IClassFixture<ResourceEndpointsTests.Processed>
{
    private readonly Processed service;

    public ResourceEndpointsTests(Processed service) => this.service = service;

    /// <summary>One host with every sample referral processed.</summary>
    public sealed class Processed : IAsyncLifetime
    {
        public BoneMetsHost Host { get; } = new();

        public List<Hl7.Fhir.Model.Task> Tasks { get; } = [];

        public async Task InitializeAsync()
        {
            foreach (var sample in Samples.Referrals)
            {
                using var response = await Host.PostMessageAsync(Samples.Referral(sample));
                var reply = (Bundle)await BoneMetsHost.ReadFhirAsync(response);
                Tasks.Add(await Host.WaitForAsync<Hl7.Fhir.Model.Task>("/fhir/" + BoneMetsHost.AnnouncedTask(reply)));
            }
        }

        public Task DisposeAsync()
        {
            Host.Dispose();
            Host.DeleteStore();
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task SearchTask_ByFocus_FindsTheReferralsTask()
    {
        var task = service.Tasks[0];

        var result = await service.Host.GetAsync<Bundle>($"/fhir/Task?focus={task.Focus.Reference}");

        Assert.Equal(task.Id, Assert.Single(result.Entry).Resource.Id);
        Assert.Equal(Bundle.SearchEntryMode.Match, result.Entry[0].Search.Mode);
    }

    [Fact]
    public async Task SearchTask_ByProgramIdentifier_FindsExactlyOne()
    {
        var identifier = service.Tasks[3].Identifier.Single(i => i.System == CodeSystems.ReferralIdentifier);

        var result = await service.Host.GetAsync<Bundle>($"/fhir/Task?identifier={Uri.EscapeDataString(identifier.System + "|" + identifier.Value)}");

        Assert.Equal(service.Tasks[3].Id, Assert.Single(result.Entry).Resource.Id);
    }

    [Fact]
    public async Task SearchTask_ByStatusWithPaging_FollowsNextLinksToEveryTaskOnce()
    {
        var seen = new List<string>();
        var page = await service.Host.GetAsync<Bundle>("/fhir/Task?status=accepted&_count=3");
        Assert.Equal(service.Tasks.Count, page.Total);
        while (true)
        {
            seen.AddRange(page.Entry.Select(e => e.Resource.Id!));
            var next = page.Link.FirstOrDefault(l => l.Relation == "next");
            if (next is null)
            {
                break;
            }

            page = await service.Host.GetAsync<Bundle>(new Uri(next.Url).PathAndQuery);
        }

        Assert.Equal(service.Tasks.Select(t => t.Id).Order(), seen.Order());
    }

    [Fact]
    public async Task SearchCommunicationRequest_ByBasedOnServiceRequest_FindsAcknowledgementAndOutreach()
    {
        var task = service.Tasks[1];

        var result = await service.Host.GetAsync<Bundle>($"/fhir/CommunicationRequest?based-on={task.Focus.Reference}");

        var requests = result.Entry.Select(e => e.Resource).OfType<CommunicationRequest>().ToList();
        Assert.Contains(requests, r => r.Recipient.Any(x => x.Reference.StartsWith("PractitionerRole/", StringComparison.Ordinal)));
        Assert.Contains(requests, r => r.Recipient.Any(x => x.Reference == task.For.Reference));
    }

    [Fact]
    public async Task SearchAnyType_ByLastUpdatedInTheFuture_FindsNothing()
    {
        var result = await service.Host.GetAsync<Bundle>("/fhir/Appointment?_lastUpdated=gt2100-01-01");

        Assert.Equal(0, result.Total);
    }

    [Fact]
    public async Task Search_UnknownParameter_IsIgnoredWithAWarningUnlessStrict()
    {
        var lenient = await service.Host.GetAsync<Bundle>("/fhir/Task?shoe-size=42");
        Assert.Equal(service.Tasks.Count, lenient.Total);
        Assert.Contains(lenient.Entry, e => e.Search.Mode == Bundle.SearchEntryMode.Outcome);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/fhir/Task?shoe-size=42");
        request.Headers.Add("Prefer", "handling=strict");
        using var strict = await service.Host.CreateClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, strict.StatusCode);
    }

    [Fact]
    public async Task ReadAndVRead_ReturnTheResourceWithItsVersion()
    {
        var task = service.Tasks[0];
        using var response = await service.Host.CreateClient().GetAsync(new Uri($"/fhir/Task/{task.Id}", UriKind.Relative));

        Assert.Equal($"W/\"{task.Meta.VersionId}\"", response.Headers.ETag?.ToString());
        var version = await service.Host.GetAsync<Hl7.Fhir.Model.Task>($"/fhir/Task/{task.Id}/_history/{task.Meta.VersionId}");
        Assert.Equal(task.Id, version.Id);
    }

    [Theory]
    [InlineData("/fhir/Task/does-not-exist", HttpStatusCode.NotFound)]
    [InlineData("/fhir/Spaceship/1", HttpStatusCode.NotFound)]
    [InlineData("/fhir/Task?_lastUpdated=yesterday", HttpStatusCode.BadRequest)]
    public async Task Get_Unknown_AnswersWithAnOperationOutcome(string path, HttpStatusCode status)
    {
        using var response = await service.Host.CreateClient().GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(status, response.StatusCode);
        Assert.IsType<OperationOutcome>(await BoneMetsHost.ReadFhirAsync(response));
    }

    [Fact]
    public async Task CaseDocument_IsReadableAndEveryReferenceResolvesInside()
    {
        var output = Assert.IsType<ResourceReference>(service.Tasks[1].Output[0].Value);
        var triage = await service.Host.GetAsync<RiskAssessment>("/fhir/" + output.Reference);
        var documents = await service.Host.GetAsync<Bundle>($"/fhir/Bundle?_count=100");
        var document = documents.Entry.Select(e => e.Resource).OfType<Bundle>()
            .Single(b => b.Entry.Any(e => e.Resource is RiskAssessment ra && ra.Id == triage.Id));

        Assert.Equal(Bundle.BundleType.Document, document.Type);
        Assert.IsType<Composition>(document.Entry[0].Resource);
        var index = new Intake.BundleIndex(document);
        for (var i = 0; i < document.Entry.Count; i++)
        {
            foreach (var (path, reference) in Fhir.ReferenceWalker.Walk(document.Entry[i].Resource, $"entry[{i}]"))
            {
                Assert.True(index.Resolve(reference.Reference, i) is not null, $"{path} → {reference.Reference} does not resolve");
            }
        }
    }
}
