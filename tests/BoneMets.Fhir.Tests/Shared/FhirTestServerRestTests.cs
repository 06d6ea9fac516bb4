using System.Net;
using BoneMets.Fhir.Testing;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Tests.Shared;

/// <summary>The test server's RESTful interactions behave as a FHIR server's do (it is infrastructure every partner test trusts).</summary>
public sealed class FhirTestServerRestTests : IDisposable
{
    private readonly FhirTestServer server = new();
    private readonly FhirTestServerClient client;

    public FhirTestServerRestTests() => client = new FhirTestServerClient(server);

    private static Patient Patient(string id, string mrn) => new()
    {
        Id = id, Identifier = [new Identifier("urn:mrn", mrn)], Name = [new HumanName { Family = "Doe" }],
    };

    [Fact]
    public async Task Read_HeldResource_AnswersItWithVersionETagAndLastModified()
    {
        server.Add(Patient("p1", "1"));

        var (response, patient) = await client.GetAsync<Patient>("Patient/p1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("W/\"1\"", FhirTestServerClient.ETag(response));
        Assert.NotNull(response.Content.Headers.LastModified);
        Assert.Equal("1", patient!.Meta.VersionId);
    }

    [Fact]
    public async Task Read_UnknownAndDeleted_Answer404And410WithAnOutcome()
    {
        server.Add(Patient("p1", "1"));
        server.Delete("Patient", "p1");

        var (unknown, outcome) = await client.GetAsync<OperationOutcome>("Patient/nope");
        var (deleted, _) = await client.GetAsync<OperationOutcome>("Patient/p1");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(OperationOutcome.IssueType.NotFound, outcome!.Issue[0].Code);
        Assert.Equal(HttpStatusCode.Gone, deleted.StatusCode);
    }

    [Fact]
    public async Task VRead_AnOlderVersion_AnswersThatVersion()
    {
        server.Add(Patient("p1", "1"));
        server.Edit<Patient>("p1", p => p.Name[0].Family = "Roe");

        var (_, first) = await client.GetAsync<Patient>("Patient/p1/_history/1");
        var (_, current) = await client.GetAsync<Patient>("Patient/p1");

        Assert.Equal("Doe", first!.Name[0].Family);
        Assert.Equal(("Roe", "2"), (current!.Name[0].Family, current.Meta.VersionId));
    }

    [Fact]
    public async Task Create_AssignsAnIdIgnoringTheOneSent_Answers201WithLocationAndETag()
    {
        var (response, created) = await client.SendAsync<Patient>(HttpMethod.Post, "Patient", Patient("mine", "1"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.NotEqual("mine", created!.Id);
        Assert.Equal($"{server.BaseUrl}/Patient/{created.Id}/_history/1", response.Headers.Location!.ToString());
        Assert.Equal("W/\"1\"", FhirTestServerClient.ETag(response));
        Assert.Single(server.All<Patient>());
    }

    [Fact]
    public async Task Update_WithAStaleIfMatch_Is412AndKeepsTheCurrentVersion()
    {
        server.Add(Patient("p1", "1"));
        server.Edit<Patient>("p1", p => p.Name[0].Family = "Roe");
        var mine = Patient("p1", "1");

        var (stale, _) = await client.SendAsync<OperationOutcome>(HttpMethod.Put, "Patient/p1", mine, ("If-Match", "W/\"1\""));
        var (current, updated) = await client.SendAsync<Patient>(HttpMethod.Put, "Patient/p1", mine, ("If-Match", "W/\"2\""));

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        Assert.Equal(("3", "Doe"), (updated!.Meta.VersionId, server.Get<Patient>("p1").Name[0].Family));
        Assert.Equal(3, server.History<Patient>("p1").Count);
    }

    [Theory]
    [InlineData(0, HttpStatusCode.Created, 1)]
    [InlineData(1, HttpStatusCode.OK, 1)]
    [InlineData(2, HttpStatusCode.PreconditionFailed, 2)]
    public async Task ConditionalCreate_ByMatches_CreatesReturnsTheOneOrRefuses(int held, HttpStatusCode expected, int afterwards)
    {
        for (var i = 0; i < held; i++)
        {
            server.Add(Patient($"p{i}", "same"));
        }

        var (response, _) = await client.SendAsync<Resource>(HttpMethod.Post, "Patient", Patient("x", "same"), ("If-None-Exist", "identifier=urn:mrn|same"));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(afterwards, server.All<Patient>().Count);
    }

    public void Dispose()
    {
        client.Dispose();
        server.Dispose();
    }
}
