using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using BoneMets.Fhir.Fhir;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.Api;

/// <summary>
/// The limits only a real socket shows (issue 14, ADR 0014): the host on Kestrel, as served. Oversized headers and
/// URLs get Kestrel's 431 and 414, a 50 MiB body its 413 with an OperationOutcome (read, not a reset), a slow body 408.
/// </summary>
public sealed class HttpLimitsTests : IDisposable
{
    private readonly BoneMetsHost host;
    private readonly HttpClient client;

    public HttpLimitsTests()
    {
        host = new BoneMetsHost(worker: false, settings: new Dictionary<string, string>
        {
            ["Limits:MinBodyRateGrace"] = "00:00:02",
            ["Limits:MinBodyBytesPerSecond"] = "100",
        });
        host.UseKestrel(0);
        host.StartServer();
        client = host.CreateClient();
    }

    public void Dispose()
    {
        client.Dispose();
        host.Dispose();
        host.DeleteStore();
    }

    [Fact]
    public async Task Get_HeaderOver32KiB_431()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/fhir/metadata", UriKind.Relative));
        request.Headers.Add("X-Padding", new string('h', 40 * 1024));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Get_UrlOver8KiB_414()
    {
        using var response = await client.GetAsync(new Uri("/fhir/Task?_id=" + new string('1', 10 * 1024), UriKind.Relative));

        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
    }

    [Fact]
    public async Task Post_50MiBBody_413OutcomeReadByTheClient()
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"resourceType\":\"Bundle\",\"id\":\"" + new string('a', 50 * 1024 * 1024) + "\"}"));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/fhir+json");

        using var response = await client.PostAsync(new Uri("/fhir/$process-message", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var outcome = FhirJson.Parse<OperationOutcome>(await response.Content.ReadAsStringAsync());
        Assert.Equal(OperationOutcome.IssueType.TooCostly, outcome.Issue[0].Code);
    }

    [Fact]
    public async Task Post_BodyTrickling_408RatherThanHeldOpen()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, client.BaseAddress!.Port);
        var stream = tcp.GetStream();
        var token = client.DefaultRequestHeaders.Authorization!.Parameter; // a sender with a token: the body is read only after the gate
        await stream.WriteAsync(Encoding.ASCII.GetBytes("POST /fhir/$process-message HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/fhir+json\r\n" +
            $"Authorization: Bearer {token}\r\nContent-Length: 100000\r\n\r\n"));
        var answer = new byte[4096];
        var reading = stream.ReadAsync(answer).AsTask();
        for (var i = 0; i < 30 && !reading.IsCompleted; i++) // bounded: 30 s
        {
            await stream.WriteAsync("{"u8.ToArray());
            await Task.WhenAny(reading, Task.Delay(1000));
        }

        Assert.True(reading.IsCompleted, "the service still held the connection after 30 s");
        Assert.StartsWith("HTTP/1.1 408", Encoding.ASCII.GetString(answer, 0, await reading), StringComparison.Ordinal);
    }
}
