using System.Net.Http.Headers;
using System.Text;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Testing;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Tests.Shared;

/// <summary>Raw HTTP at the test server, so its tests see the wire: statuses, headers, bodies.</summary>
internal sealed class FhirTestServerClient(FhirTestServer server) : IDisposable
{
    private readonly HttpClient http = new();

    public async Task<(HttpResponseMessage Response, T? Body)> SendAsync<T>(HttpMethod method, string path, Resource? body = null, params (string Name, string Value)[] headers)
        where T : Resource
    {
        using var request = new HttpRequestMessage(method, $"{server.BaseUrl}/{path}");
        if (body is not null)
        {
            request.Content = new StringContent(FhirJson.Serialize(body), Encoding.UTF8, FhirTestServer.FhirJsonType);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length > 0 ? FhirJson.Parse<T>(text) : null);
    }

    public Task<(HttpResponseMessage Response, T? Body)> GetAsync<T>(string path) where T : Resource => SendAsync<T>(HttpMethod.Get, path);

    public static string? ETag(HttpResponseMessage response) => response.Headers.ETag?.ToString();

    public static EntityTagHeaderValue? Tag(HttpResponseMessage response) => response.Headers.ETag;

    public void Dispose() => http.Dispose();
}
