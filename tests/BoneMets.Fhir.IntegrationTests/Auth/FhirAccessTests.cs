using System.Net;
using System.Net.Http.Headers;
using System.Text;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.IntegrationTests.Coordinator;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.Auth;

/// <summary>The gate through the real host: 401 and 403 shapes, and the scope each endpoint needs, with real tokens.</summary>
public sealed class FhirAccessTests : IDisposable
{
    private static readonly SmartClient Narrow = new("narrow-client");
    private readonly MovableClock clock = new(DateTimeOffset.UtcNow);
    private readonly BoneMetsHost host;

    public FhirAccessTests()
    {
        var directory = Path.Combine(Path.GetTempPath(), "bonemets-test-" + Guid.NewGuid().ToString("N"));
        host = new BoneMetsHost(directory, worker: false, configure: s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)), settings: new Dictionary<string, string>
        {
            [$"Authorization:Clients:{Narrow.ClientId}:JwksPath"] = Narrow.WriteJwks(directory),
            [$"Authorization:Clients:{Narrow.ClientId}:Scopes"] = "system/*.cruds",
        });
    }

    public void Dispose()
    {
        host.Dispose();
        host.DeleteStore();
    }

    [Theory]
    [InlineData("GET", "/fhir/Task")]
    [InlineData("GET", "/fhir/Patient/p1")]
    [InlineData("GET", "/fhir/Patient/p1/_history/1")]
    [InlineData("POST", "/fhir/$process-message")]
    [InlineData("GET", "/fhir/StructureDefinition")]
    [InlineData("GET", "/FHIR/Patient")]
    [InlineData("GET", "/fhir/Nonsense")]
    public async Task Request_NoToken_401BearerChallengeAndLoginOutcome(string method, string path)
    {
        using var response = await host.CreateAnonymousClient().SendAsync(Request(method, path));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal(OperationOutcome.IssueType.Login, (await Outcome(response)).Issue.Single().Code);
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")]
    public async Task Request_BadToken_401InvalidToken(string token)
    {
        var client = host.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await client.GetAsync(new Uri("/fhir/Task", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal(OperationOutcome.IssueType.Login, (await Outcome(response)).Issue.Single().Code);
    }

    [Fact]
    public async Task Request_ExpiredToken_401InvalidToken()
    {
        var client = await host.CreateClientAsAsync(Narrow, "system/Task.rs", clock.GetUtcNow());
        using (var fresh = await client.GetAsync(new Uri("/fhir/Task", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        }

        clock.Advance(TimeSpan.FromMinutes(6)); // 300 s lifetime + 30 s skew, on the service's clock

        using var response = await client.GetAsync(new Uri("/fhir/Task", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_TokenOfAnotherIssuer_401InvalidToken()
    {
        // Signed by a key of the client's own, not the service's: a client cannot mint itself a token.
        var forged = Narrow.Sign(new Dictionary<string, object>
        {
            ["iss"] = "http://localhost:5080/fhir", ["aud"] = "http://localhost:5080/fhir", ["sub"] = Narrow.ClientId, ["client_id"] = Narrow.ClientId,
            ["scope"] = "system/*.rs", ["exp"] = clock.GetUtcNow().AddMinutes(4).ToUnixTimeSeconds(),
        });
        var client = host.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", forged);

        using var response = await client.GetAsync(new Uri("/fhir/Patient", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <summary>Each row: an interaction, the one scope granted, and whether it covers the interaction.</summary>
    public static TheoryData<string, string, string, bool> Scopes() => new()
    {
        { "POST", "/fhir/$process-message", "system/ServiceRequest.c", true },
        { "POST", "/fhir/$process-message", "system/ServiceRequest.rs", false },
        { "POST", "/fhir/$process-message", "system/Task.rs", false },
        { "GET", "/fhir/Task", "system/Task.rs", true },
        { "GET", "/fhir/Task", "system/Task.r", false },
        { "GET", "/fhir/Task", "system/Patient.rs", false },
        { "GET", "/fhir/Task/t1", "system/Task.r", true },
        { "GET", "/fhir/Task/t1", "system/Task.s", false },
        { "GET", "/fhir/Patient", "system/Patient.rs", true },
        { "GET", "/fhir/Patient/p1/_history/1", "system/Patient.rs", true },
        { "GET", "/fhir/Patient/p1", "system/ServiceRequest.c", false },
        { "GET", "/fhir/ServiceRequest", "system/ServiceRequest.rs", true },
        { "GET", "/fhir/ServiceRequest", "system/ServiceRequest.c", false },
        { "GET", "/fhir/Appointment", "system/*.rs", true },
        { "GET", "/fhir/CommunicationRequest", "system/Appointment.rs", false },
        { "GET", "/fhir/StructureDefinition", "system/StructureDefinition.rs", true },
        { "GET", "/fhir/AuditEvent", "system/Task.rs", false },
        { "GET", "/fhir/AuditEvent", "system/AuditEvent.rs", true },
    };

    [Theory]
    [MemberData(nameof(Scopes))]
    public async Task Request_WithOneScope_AllowedOr403Forbidden(string method, string path, string scope, bool allowed)
    {
        var client = await host.CreateClientAsAsync(Narrow, scope, clock.GetUtcNow());

        using var response = await client.SendAsync(Request(method, path));

        if (allowed)
        {
            Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            var issue = (await Outcome(response)).Issue.Single();
            Assert.Equal(OperationOutcome.IssueType.Forbidden, issue.Code);
            Assert.Contains("system/", issue.Diagnostics, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/fhir/metadata")]
    [InlineData("/fhir/.well-known/smart-configuration")]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Get_DiscoveryAndHealth_OpenWithoutToken(string path)
    {
        using var response = await host.CreateAnonymousClient().GetAsync(new Uri(path, UriKind.Relative));

        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.True(response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{path}: {(int)response.StatusCode}");
    }

    [Fact]
    public async Task PostNotification_NoToken_AnsweredByTheNotificationEndpointNotTheGate()
    {
        // A partner's FHIR server gets no token: its Subscription's secret header authenticates it (NotificationIntake).
        using var response = await host.CreateAnonymousClient().SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri("/notifications/nobody", UriKind.Relative))
        {
            Content = new StringContent("{\"resourceType\":\"Bundle\",\"type\":\"history\"}", Encoding.UTF8, "application/fhir+json"),
        });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode); // unknown partner, said by the endpoint
        Assert.Empty(response.Headers.WwwAuthenticate);
    }

    private static HttpRequestMessage Request(string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (method == "POST")
        {
            request.Content = new StringContent(Samples.Referral("01-breast-femur-impending-fracture.json"), Encoding.UTF8, "application/fhir+json");
        }

        return request;
    }

    private static async Task<OperationOutcome> Outcome(HttpResponseMessage response) =>
        FhirJson.Parse<OperationOutcome>(await response.Content.ReadAsStringAsync());
}
