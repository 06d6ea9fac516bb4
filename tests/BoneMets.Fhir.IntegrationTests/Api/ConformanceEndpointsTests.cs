using System.Net;
using BoneMets.Fhir.Validation;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.Api;

/// <summary>The conformance resources are served from the embedded profiles, and /metadata names them.</summary>
public sealed class ConformanceEndpointsTests : IDisposable
{
    private readonly BoneMetsHost host = new(worker: false);

    public void Dispose()
    {
        host.Dispose();
        host.DeleteStore();
    }

    public static TheoryData<string, string> ConformanceData()
    {
        var data = new TheoryData<string, string>();
        foreach (var (type, id) in ProfileSet.Embedded.Profiles.Values.Select(p => ("StructureDefinition", p.Id!))
            .Concat(ProfileSet.Embedded.ValueSets.Select(v => ("ValueSet", v.Id!)))
            .Concat(ProfileSet.Embedded.CodeSystems.Select(c => ("CodeSystem", c.Id!))))
        {
            data.Add(type, id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ConformanceData))]
    public async Task Read_ConformanceResource_ReturnsTheCommittedJson(string type, string id)
    {
        using var client = host.CreateClient();
        using var response = await client.GetAsync(new Uri($"/fhir/{type}/{id}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ProfileSet.Embedded.ConformanceJson(type, id), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Read_UnknownProfile_404WithAnOutcome()
    {
        using var client = host.CreateClient();
        using var response = await client.GetAsync(new Uri("/fhir/StructureDefinition/no-such-profile", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("OperationOutcome", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_StructureDefinitionByUrl_FindsThatProfileOnly()
    {
        var bundle = await host.GetAsync<Bundle>("/fhir/StructureDefinition?url=" + Uri.EscapeDataString(ProfileSet.Url("bonemets-score")));

        var profile = Assert.IsType<StructureDefinition>(Assert.Single(bundle.Entry).Resource);
        Assert.Equal("bonemets-score", profile.Id);
    }

    [Fact]
    public async Task Metadata_NamesTheSupportedProfilesAndTheConformanceResources()
    {
        var statement = await host.GetAsync<CapabilityStatement>("/fhir/metadata");

        var resources = statement.Rest[0].Resource;
        Assert.Equal([ProfileSet.Url("bonemets-referral-message-header")], resources.Single(r => r.Type == "MessageHeader").SupportedProfile);
        Assert.Equal([ProfileSet.Url("bonemets-case-document"), ProfileSet.Url("bonemets-referral-message")], resources.Single(r => r.Type == "Bundle").SupportedProfile);
        Assert.Equal(3, resources.Single(r => r.Type == "Observation").SupportedProfile.Count());
        var served = resources.SelectMany(r => r.SupportedProfile).ToHashSet();
        Assert.All(ProfileSet.Embedded.Profiles.Keys.Where(url => !url.EndsWith("case-composition", StringComparison.Ordinal)), url => Assert.Contains(url, served));
        foreach (var type in new[] { "StructureDefinition", "ValueSet", "CodeSystem" })
        {
            Assert.Contains(resources, r => r.Type == type);
        }
        Assert.Contains("fatal-error", statement.Rest[0].Operation.Single(o => o.Name == "process-message").Documentation, StringComparison.Ordinal);
    }
}
