using System.Net;
using System.Text;
using BoneMets.Fhir.Audit;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.IntegrationTests.Auth;
using BoneMets.Fhir.Search;
using BoneMets.Fhir.Store;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.Api;

/// <summary>Every request to the FHIR base leaves an AuditEvent, through the real host, whatever the answer; none carries PHI.</summary>
public sealed class FhirAuditTests : IDisposable
{
    private static readonly string[] Canaries = ["Aurelia", "Canarywood", "1951-07-14", "MRN-424242"];
    private static readonly SmartClient TaskReader = new("task-reader");
    private readonly BoneMetsHost host;

    public FhirAuditTests()
    {
        var directory = Path.Combine(Path.GetTempPath(), "bonemets-test-" + Guid.NewGuid().ToString("N"));
        host = new BoneMetsHost(directory, worker: false, settings: new Dictionary<string, string>
        {
            [$"Authorization:Clients:{TaskReader.ClientId}:JwksPath"] = TaskReader.WriteJwks(directory),
            [$"Authorization:Clients:{TaskReader.ClientId}:Scopes"] = "system/Task.rs",
        });
    }

    public void Dispose()
    {
        host.Dispose();
        host.DeleteStore();
    }

    /// <summary>The AuditEvents recorded for one request, found by its X-Request-ID.</summary>
    private async Task<AuditEvent> AuditOfAsync(string requestId)
    {
        var (search, _) = AuditSearch.Parse([new("_count", "100")], strict: true);
        var page = await host.Services.GetRequiredService<IAuditStore>().SearchAuditEventsAsync(search!, CancellationToken.None);
        return Assert.Single(page.Events.Select(FhirJson.Parse<AuditEvent>),
            a => a.Entity.Any(e => e.Type?.Code == "XrequestId" && e.What.Identifier.Value == requestId));
    }

    private async Task<(HttpStatusCode Status, AuditEvent Audit)> SendAsync(HttpMethod method, string path, HttpContent? content = null, HttpClient? client = null)
    {
        var requestId = Guid.NewGuid().ToString();
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("X-Request-ID", requestId);
        using var response = await (client ?? host.CreateClient()).SendAsync(request);
        // The AuditEvent is in the store before the client has its answer: no waiting here.
        return (response.StatusCode, await AuditOfAsync(requestId));
    }

    [Theory]
    [InlineData("/fhir/Device/bonemets-fhir", HttpStatusCode.OK, "read", AuditEvent.AuditEventOutcome.N0, "Device/bonemets-fhir")]
    [InlineData("/fhir/Task/no-such-task", HttpStatusCode.NotFound, "read", AuditEvent.AuditEventOutcome.N4, "Task/no-such-task")]
    [InlineData("/fhir/Device/bonemets-fhir/_history/1", HttpStatusCode.OK, "vread", AuditEvent.AuditEventOutcome.N0, "Device/bonemets-fhir/_history/1")]
    [InlineData("/fhir/Task/bad!id", HttpStatusCode.BadRequest, "read", AuditEvent.AuditEventOutcome.N4, null)]
    [InlineData("/fhir/NoSuchType/x", HttpStatusCode.NotFound, "read", AuditEvent.AuditEventOutcome.N4, "NoSuchType/x")]
    [InlineData("/fhir/metadata", HttpStatusCode.OK, "capabilities", AuditEvent.AuditEventOutcome.N0, null)]
    public async Task Get_AnyAnswer_OneAuditEventWithItsOutcome(string path, HttpStatusCode expected, string subtype, AuditEvent.AuditEventOutcome outcome, string? entity)
    {
        var (status, audit) = await SendAsync(HttpMethod.Get, path);

        Assert.Equal(expected, status);
        Assert.Equal((subtype, outcome), (audit.Subtype.Single().Code, audit.Outcome!.Value));
        Assert.StartsWith(((int)expected).ToString(System.Globalization.CultureInfo.InvariantCulture), audit.OutcomeDesc, StringComparison.Ordinal);
        Assert.Equal(entity, audit.Entity.Select(e => e.What?.Reference).OfType<string>().SingleOrDefault());
        Assert.Equal("Device/bonemets-fhir", audit.Source.Observer.Reference);
    }

    [Fact]
    public async Task Read_NoToken_401RefusedByAnUnknownAgent()
    {
        var (status, audit) = await SendAsync(HttpMethod.Get, "/fhir/Patient/p1", client: host.CreateAnonymousClient());

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal((AuditEvent.AuditEventOutcome.N4, "401", "Patient/p1"), (audit.Outcome!.Value, audit.OutcomeDesc, audit.Entity.First().What.Reference));
        Assert.Equal("unknown", audit.Agent.Single(a => a.Requestor == true).Who.Identifier.Value);
    }

    [Fact]
    public async Task Read_ForgedToken_401AndTheTokenNowhereInTheAuditEvent()
    {
        const string forged = "eyJhbGciOiJub25lIn0.eyJjbGllbnRfaWQiOiJBdXJlbGlhIn0.canary-token-value";
        var client = host.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", forged);

        var (status, audit) = await SendAsync(HttpMethod.Get, "/fhir/Task", client: client);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("unknown", audit.Agent.Single(a => a.Requestor == true).Who.Identifier.Value);
        Assert.DoesNotContain("canary-token-value", FhirJson.Serialize(audit), StringComparison.Ordinal);
        Assert.DoesNotContain("eyJ", FhirJson.Serialize(audit), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_OutOfScope_403RefusedWithTheClientAsAgent()
    {
        var client = await host.CreateClientAsAsync(TaskReader, "system/Task.rs");

        var (status, audit) = await SendAsync(HttpMethod.Get, "/fhir/Patient/p1", client: client);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal((AuditEvent.AuditEventOutcome.N4, "403"), (audit.Outcome!.Value, audit.OutcomeDesc));
        Assert.Equal(TaskReader.ClientId, audit.Agent.Single(a => a.Requestor == true).Who.Identifier.Value);
    }

    [Fact]
    public async Task Search_ByName_QueryRecordedWithoutTheName()
    {
        var (status, audit) = await SendAsync(HttpMethod.Get,
            "/fhir/Patient?name=Aurelia%20Canarywood&birthdate=1951-07-14&identifier=http://hospital.example/mrn|MRN-424242&_count=5");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("search-type", AuditEvent.AuditEventAction.E), (audit.Subtype.Single().Code, audit.Action!.Value));
        var query = Encoding.UTF8.GetString(audit.Entity.Single(e => e.Role?.Code == "24").Query);
        Assert.Equal("Patient?name=(redacted)&birthdate=(redacted)&identifier=(redacted)&_count=5", query);
        var json = FhirJson.Serialize(audit);
        Assert.All(Canaries, canary => Assert.DoesNotContain(canary, json, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Token_Granted_LoginWithTheClientId()
    {
        var tokenEndpoint = "http://localhost:5080/fhir/auth/token";
        var assertion = BoneMetsHost.Operator.Sign(BoneMetsHost.Operator.Claims(tokenEndpoint));

        var (status, audit) = await SendAsync(HttpMethod.Post, "/fhir/auth/token", SmartClient.Form(assertion, "system/Task.rs"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("110114", "110122", AuditEvent.AuditEventOutcome.N0), (audit.Type.Code, audit.Subtype.Single().Code, audit.Outcome!.Value));
        Assert.Equal(BoneMetsHost.Operator.ClientId, audit.Agent.Single(a => a.Requestor == true).Who.Identifier.Value);
        Assert.DoesNotContain(assertion, FhirJson.Serialize(audit), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_UnknownClient_RefusedLoginByAnUnknownAgentWithTheErrorCode()
    {
        var stranger = new SmartClient("Aurelia Canarywood");
        var assertion = stranger.Sign(stranger.Claims("http://localhost:5080/fhir/auth/token"));

        var (status, audit) = await SendAsync(HttpMethod.Post, "/fhir/auth/token", SmartClient.Form(assertion, "system/Task.rs"));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal((AuditEvent.AuditEventOutcome.N4, "401 invalid_client"), (audit.Outcome!.Value, audit.OutcomeDesc));
        Assert.Equal("unknown", audit.Agent.Single(a => a.Requestor == true).Who.Identifier.Value);
        Assert.All(Canaries, canary => Assert.DoesNotContain(canary, FhirJson.Serialize(audit), StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task ProcessMessage_Refused_OperationAudited()
    {
        var (status, audit) = await SendAsync(HttpMethod.Post, "/fhir/$process-message", new StringContent("{}", Encoding.UTF8, "application/fhir+json"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(("operation", AuditEvent.AuditEventOutcome.N4), (audit.Subtype.Single().Code, audit.Outcome!.Value));
    }

    [Fact]
    public async Task ProcessMessage_Accepted_EntitiesNameTheMessageAndTheReferralOnly()
    {
        var json = Samples.Referral("01-breast-femur-impending-fracture.json");
        var message = Intake.ReferralMessageReader.Read(FhirJson.Parse<Bundle>(json)).Message!;
        var patient = message.Patient;

        var (status, audit) = await SendAsync(HttpMethod.Post, "/fhir/$process-message", new StringContent(json, Encoding.UTF8, "application/fhir+json"));

        Assert.Equal(HttpStatusCode.OK, status);
        var references = audit.Entity.Where(e => e.What?.Reference is not null).Select(e => e.What.Reference).ToList();
        Assert.Equal(
        [
            $"Bundle/{message.Bundle.Id}", $"MessageHeader/{message.Header.Id}",
            $"ServiceRequest/{Case.MessageLocalizer.LocalId(message, message.ServiceRequest)}", $"Task/{Case.MessageLocalizer.LocalId(message, message.ReferralTask!)}",
        ], references);
        var recorded = FhirJson.Serialize(audit);
        Assert.All(patient.Name.SelectMany(n => n.Given.Append(n.Family)).Append(patient.BirthDate).Concat(patient.Identifier.Select(i => i.Value)),
            phi => Assert.DoesNotContain(phi!, recorded, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Read_StoreThrows_500AuditedAsASeriousFailure()
    {
        using var failing = new BoneMetsHost(worker: false, configure: services => services.AddSingleton<IResourceStore, ThrowingResourceStore>());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/fhir/Task/t1");
        request.Headers.Add("X-Request-ID", "store-down-1");

        using var response = await failing.CreateClient().SendAsync(request);

        var (search, _) = AuditSearch.Parse([new("entity", "Task/t1")], strict: true);
        var page = await failing.Services.GetRequiredService<IAuditStore>().SearchAuditEventsAsync(search!, CancellationToken.None);
        var audit = FhirJson.Parse<AuditEvent>(Assert.Single(page.Events));
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal((AuditEvent.AuditEventOutcome.N8, "500"), (audit.Outcome!.Value, audit.OutcomeDesc));
        failing.DeleteStore();
    }

    private sealed class ThrowingResourceStore : IResourceStore
    {
        public Task<StoredResource?> ReadAsync(string type, string id, CancellationToken cancellationToken) => throw new InvalidOperationException("store down");

        public Task<StoredResource?> ReadVersionAsync(string type, string id, int version, CancellationToken cancellationToken) => throw new InvalidOperationException("store down");

        public Task<SearchPage> SearchAsync(BoneMets.Fhir.Search.SearchQuery query, CancellationToken cancellationToken) => throw new InvalidOperationException("store down");

        public Task UpsertAsync(IReadOnlyCollection<Resource> resources, DateTimeOffset now, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Fact]
    public async Task Health_NotTheFhirBase_NotAudited()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add("X-Request-ID", "health-probe-1");
        using var response = await host.CreateClient().SendAsync(request);

        var (search, _) = AuditSearch.Parse([new("_count", "100")], strict: true);
        var page = await host.Services.GetRequiredService<IAuditStore>().SearchAuditEventsAsync(search!, CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(page.Events, json => json.Contains("health-probe-1", StringComparison.Ordinal));
    }
}
