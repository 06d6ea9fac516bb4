using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.IntegrationTests.Auth;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests;

/// <summary>
/// The real service on a temporary SQLite store; only the edges are replaced. Disposing the host leaves the
/// store, so a second host on the same directory is a restart.
/// </summary>
public sealed partial class BoneMetsHost : WebApplicationFactory<Program>
{
    private readonly bool worker;
    private readonly Action<IServiceCollection>? configure;
    private readonly IReadOnlyDictionary<string, string>? settings;

    public BoneMetsHost(string? dataDirectory = null, bool worker = true, Action<IServiceCollection>? configure = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        this.settings = settings;
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "bonemets-test-" + Guid.NewGuid().ToString("N"));
        this.worker = worker;
        this.configure = configure;
        OperatorJwksPath = Operator.WriteJwks(DataDirectory);
    }

    /// <summary>The operator client every host registers (no partner, every scope); one key pair for the whole run.</summary>
    public static SmartClient Operator { get; } = new("bonemets-tests");

    public string DataDirectory { get; }

    private string OperatorJwksPath { get; }

    private (string Token, DateTimeOffset At)? operatorToken;

    /// <summary>
    /// Every client the tests make is authenticated as the operator client, with a real token from the token endpoint
    /// (signed assertion, replay cache and all); <see cref="CreateAnonymousClient"/> is the only way to call without one.
    /// The token is reused while the service's clock (which a test may move) says it has more than 100 s to live.
    /// </summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        var now = Services.GetRequiredService<TimeProvider>().GetUtcNow();
        if (operatorToken is not { } cached || now - cached.At > TimeSpan.FromSeconds(200) || now < cached.At)
        {
            using var tokenClient = Unauthenticated(client.BaseAddress);
            var token = Task.Run(() => Operator.GetTokenAsync(tokenClient, OperatorScopes, now)).GetAwaiter().GetResult();
            operatorToken = cached = (token, now);
        }

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", cached.Token);
    }

    /// <summary>The scopes the operator client asks for: every type read and searched, and referral messages posted.</summary>
    public const string OperatorScopes = "system/*.rs system/ServiceRequest.c";

    /// <summary>A client that sends no token, for the tests of what the service refuses.</summary>
    public HttpClient CreateAnonymousClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = null;
        return client;
    }

    /// <summary>In memory, or over a socket when the test runs the host on Kestrel (UseKestrel), where Server is not available.</summary>
    private HttpClient Unauthenticated(Uri? baseAddress)
    {
        try
        {
            return Server.CreateClient();
        }
        catch (NotSupportedException)
        {
            return new HttpClient { BaseAddress = baseAddress };
        }
    }

    /// <summary>A client with a token of <paramref name="client"/>, registered in this host's settings, for <paramref name="scope"/>.</summary>
    public async Task<HttpClient> CreateClientAsAsync(SmartClient client, string scope, DateTimeOffset? now = null)
    {
        var http = CreateAnonymousClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await client.GetTokenAsync(http, scope, now));
        return http;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Store:DataDirectory", DataDirectory);
        builder.UseSetting("Worker:Enabled", worker ? "true" : "false");
        builder.UseSetting("Worker:IdlePoll", "00:00:00.050");
        builder.UseSetting("Worker:RetryBaseDelay", "00:00:00.050");
        // Short leases: a host started on the directory of one that crashed takes its work over within seconds (ADR 0015).
        builder.UseSetting("Store:LeaseDuration", "00:00:02");
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        builder.UseSetting($"Authorization:Clients:{Operator.ClientId}:JwksPath", OperatorJwksPath);
        builder.UseSetting($"Authorization:Clients:{Operator.ClientId}:Scopes", "system/*.cruds");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
        if (configure is not null)
        {
            builder.ConfigureTestServices(configure); // after the app's own registrations, so Replace wins
        }
    }

    public async Task<HttpResponseMessage> PostMessageAsync(string json, string? requestId = null, string contentType = "application/fhir+json", string query = "")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/fhir/$process-message" + query)
        {
            Content = new StringContent(json, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (requestId is not null)
        {
            request.Headers.Add("X-Request-ID", requestId);
        }

        return await CreateClient().SendAsync(request);
    }

    public async Task<T> GetAsync<T>(string path) where T : Resource
    {
        var response = await CreateClient().GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return FhirJson.Parse<T>(body);
    }

    /// <summary>The Task the response message announced ("Its Task is Task/{id}").</summary>
    public static string AnnouncedTask(Bundle response)
    {
        var outcome = response.Entry.Select(e => e.Resource).OfType<OperationOutcome>().Single();
        return TaskReference().Match(outcome.Issue[0].Diagnostics ?? string.Empty).Value;
    }

    /// <summary>Waits for the background worker to write a resource (bounded: 30 s).</summary>
    public async Task<T> WaitForAsync<T>(string path) where T : Resource
    {
        var client = CreateClient();
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(50))
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            if (response.IsSuccessStatusCode)
            {
                return FhirJson.Parse<T>(await response.Content.ReadAsStringAsync());
            }
        }

        throw new TimeoutException($"{path} was not written within 30 s.");
    }

    public static async Task<Resource> ReadFhirAsync(HttpResponseMessage response) =>
        FhirJson.ParseResource(await response.Content.ReadAsStringAsync());

    public void DeleteStore()
    {
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // temp directory; best effort
        }
    }

    [GeneratedRegex(@"Task/[A-Za-z0-9\-\.]{1,64}")]
    private static partial Regex TaskReference();
}
