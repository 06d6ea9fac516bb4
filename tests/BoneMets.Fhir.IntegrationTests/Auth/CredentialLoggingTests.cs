using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BoneMets.Fhir.IntegrationTests.Api;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.Auth;

/// <summary>
/// Canaries: with every log level on (the framework's too), no client assertion, access token or presented bearer
/// value appears in any log line or property, whether the request was granted, refused or malformed.
/// </summary>
public sealed class CredentialLoggingTests : IDisposable
{
    private static readonly SmartClient Sender = new("canary-client");
    private readonly CapturingSink sink = new();
    private readonly BoneMetsHost host;

    public CredentialLoggingTests()
    {
        var directory = Path.Combine(Path.GetTempPath(), "bonemets-test-" + Guid.NewGuid().ToString("N"));
        host = new BoneMetsHost(directory, worker: false, configure: s => s.AddSingleton<ILogEventSink>(sink), settings: new Dictionary<string, string>
        {
            ["Serilog:MinimumLevel:Default"] = "Verbose",
            ["Serilog:MinimumLevel:Override:Microsoft"] = "Verbose",
            ["Serilog:MinimumLevel:Override:System"] = "Verbose",
            [$"Authorization:Clients:{Sender.ClientId}:JwksPath"] = Sender.WriteJwks(directory),
            [$"Authorization:Clients:{Sender.ClientId}:Scopes"] = "system/Task.rs",
        });
    }

    public void Dispose()
    {
        host.Dispose();
        host.DeleteStore();
    }

    [Fact]
    public async Task Logs_GrantedRefusedAndForgedCredentials_NeverAppear()
    {
        var http = host.CreateAnonymousClient();
        var endpoint = (await http.GetFromJsonAsync<JsonElement>(new Uri("/fhir/.well-known/smart-configuration", UriKind.Relative)))
            .GetProperty("token_endpoint").GetString()!;
        var claims = Sender.Claims(endpoint);
        var assertion = Sender.Sign(claims);
        using var granted = await http.PostAsync(new Uri("/fhir/auth/token", UriKind.Relative), SmartClient.Form(assertion, "system/Task.rs"));
        var token = (await granted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        using var replayed = await http.PostAsync(new Uri("/fhir/auth/token", UriKind.Relative), SmartClient.Form(assertion, "system/Task.rs"));
        claims["aud"] = "https://elsewhere.example.org/token";
        var misaddressed = Sender.Sign(claims);
        using var refused = await http.PostAsync(new Uri("/fhir/auth/token", UriKind.Relative), SmartClient.Form(misaddressed, "system/Task.rs"));
        const string forged = "canary-bearer-7f3c2a9e.eyJub3QiOiJhIHRva2VuIn0.c2lnbmF0dXJl";

        await SendAsync(http, "/fhir/Task", token);           // allowed
        await SendAsync(http, "/fhir/Patient", token);        // 403: scope
        await SendAsync(http, "/fhir/Task", forged);          // 401: not a token of ours
        await SendAsync(http, "/fhir/Task", token + "x");     // 401: signature broken
        await SendAsync(http, "/fhir/Task", "");              // 401: empty

        var written = sink.Events.Select(Render).ToList();
        Assert.NotEmpty(written);
        Assert.Contains(written, line => line.Contains(Sender.ClientId, StringComparison.Ordinal)); // the client is named …
        foreach (var secret in new[] { assertion, misaddressed, token, forged, Signature(assertion), Signature(token), "canary-bearer-7f3c2a9e" })
        {
            Assert.DoesNotContain(written, line => line.Contains(secret, StringComparison.Ordinal)); // … its credentials never
        }
    }

    private static async Task SendAsync(HttpClient http, string path, string bearer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + bearer);
        using var response = await http.SendAsync(request);
    }

    private static string Signature(string jwt) => jwt[(jwt.LastIndexOf('.') + 1)..];

    private static string Render(LogEvent e)
    {
        var line = new StringBuilder(e.RenderMessage());
        foreach (var (name, value) in e.Properties)
        {
            line.Append(' ').Append(name).Append('=').Append(value);
        }

        return line.Append(' ').Append(e.Exception).ToString();
    }
}
