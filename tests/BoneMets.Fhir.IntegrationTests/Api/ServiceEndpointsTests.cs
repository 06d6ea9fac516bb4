using System.Net;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.Api;

public sealed class ServiceEndpointsTests : IDisposable
{
    private readonly BoneMetsHost host = new(worker: false);

    public void Dispose()
    {
        host.Dispose();
        host.DeleteStore();
    }

    [Fact]
    public async Task Metadata_DeclaresProcessMessageReliableCacheAndTheSearches()
    {
        var statement = await host.GetAsync<CapabilityStatement>("/fhir/metadata");

        Assert.Equal(FHIRVersion.N4_0_1, statement.FhirVersion);
        Assert.Equal(7 * 24 * 60, statement.Messaging[0].ReliableCache);
        Assert.Contains(statement.Rest[0].Operation, o => o.Name == "process-message");
        var task = statement.Rest[0].Resource.Single(r => r.Type == "Task");
        Assert.Equal(["_id", "_lastUpdated", "focus", "identifier", "status"], task.SearchParam.Select(p => p.Name).Where(n => n is "_id" or "_lastUpdated" or "focus" or "identifier" or "status"));
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_AfterStartup_IsHealthy(string path)
    {
        using var client = host.CreateClient();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
