using System.Net;
using BoneMets.Fhir.Testing;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Tests.Shared;

/// <summary>The test server's faults: each misbehaves on the wire as a real server does, and only on the requests it is aimed at.</summary>
public sealed class FhirTestServerFaultTests : IDisposable
{
    private readonly FhirTestServer server = new();
    private readonly FhirTestServerClient client;

    public FhirTestServerFaultTests() => client = new FhirTestServerClient(server);

    private static Patient Patient(string? id = null) => new() { Id = id, Identifier = [new Identifier("urn:mrn", "1")] };

    [Fact]
    public async Task Unavailable_AnswersOnce503WithRetryAfter_ThenServes()
    {
        server.Add(Patient("p1")).Inject(Fault.Unavailable(7));

        var (first, outcome) = await client.GetAsync<OperationOutcome>("Patient/p1");
        var (second, _) = await client.GetAsync<Patient>("Patient/p1");

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "7"), (first.StatusCode, first.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(OperationOutcome.IssueType.Transient, outcome!.Issue[0].Code);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(1, server.Met[nameof(Fault.Unavailable)]);
    }

    [Fact]
    public async Task AFaultAimedAtReadsOfOneType_LeavesOtherRequestsAlone()
    {
        server.Add(Patient("p1")).Add(new Observation { Id = "o1", Status = ObservationStatus.Final, Code = new CodeableConcept("http://loinc.org", "x") });
        server.Inject(Fault.Unavailable(3600), FhirTestServer.On(FhirInteraction.Read, "Patient"), times: 2);

        var statuses = new List<HttpStatusCode>();
        foreach (var path in new[] { "Observation/o1", "Patient/p1", "Observation/o1", "Patient/p1", "Patient/p1" })
        {
            statuses.Add((await client.GetAsync<Resource>(path)).Response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK], statuses);
    }

    [Fact]
    public async Task ResetBeforeReply_TheClientSeesAFailedConnectionAndNothingIsStored()
    {
        server.Inject(Fault.ResetBeforeReply);

        await Assert.ThrowsAnyAsync<Exception>(() => client.SendAsync<Patient>(HttpMethod.Post, "Patient", Patient()));
        Assert.Empty(server.All<Patient>());
    }

    [Fact]
    public async Task DropAfterServing_TheWriteIsKeptButTheClientNeverHears()
    {
        server.Inject(Fault.DropAfterServing);

        // WireMock cannot reset a connection: it sends a malformed chunk, which no client reads as an answer.
        await Assert.ThrowsAnyAsync<Exception>(() => client.SendAsync<Patient>(HttpMethod.Post, "Patient", Patient()));
        Assert.Single(server.All<Patient>());
    }

    [Fact]
    public async Task WithoutLocations_ClaimsSuccessWithoutSayingWhere_TheWriteIsKept()
    {
        server.Inject(Fault.WithoutLocations);

        var (response, body) = await client.SendAsync<Patient>(HttpMethod.Post, "Patient", Patient());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Null(response.Headers.ETag);
        Assert.Null(body);
        Assert.Single(server.All<Patient>());
    }

    [Fact]
    public async Task NotStored_AnswersAsIfCreatedButKeepsNothing()
    {
        server.Inject(Fault.NotStored);

        var (response, _) = await client.SendAsync<Bundle>(HttpMethod.Post, "", new Bundle
        {
            Type = Bundle.BundleType.Transaction,
            Entry = [new Bundle.EntryComponent { FullUrl = "urn:uuid:00000000-0000-0000-0000-000000000001", Resource = Patient(), Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Patient" } }],
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(server.All<Patient>());
        Assert.Equal(0, server.Commits);
    }

    [Fact]
    public async Task Hold_AnswersOnlyOnceTheGateOpens()
    {
        using var gate = new FaultGate();
        server.Add(Patient("p1")).Inject(Fault.Hold(gate));

        var held = client.GetAsync<Patient>("Patient/p1");
        await gate.WaitForArrivalsAsync(1);
        var unheld = await client.GetAsync<Patient>("Patient/p1");
        Assert.False(held.IsCompleted);
        gate.Open();

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), ((await held).Response.StatusCode, unheld.Response.StatusCode));
    }

    [Fact]
    public async Task EditMeanwhile_SomeoneAtThePartnerEditsFirst_SoTheUpdateIsStale()
    {
        server.Add(Patient("p1"));
        server.Inject(Fault.EditMeanwhile(s => s.Edit<Patient>("p1", p => p.Active = true)), FhirTestServer.On(FhirInteraction.Update));

        var (response, _) = await client.SendAsync<OperationOutcome>(HttpMethod.Put, "Patient/p1", Patient("p1"), ("If-Match", "W/\"1\""));

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.True(server.Get<Patient>("p1").Active);
    }

    public void Dispose()
    {
        client.Dispose();
        server.Dispose();
    }
}
