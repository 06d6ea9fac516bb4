using System.Net;
using BoneMets.Fhir.Testing;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Tests.Shared;

/// <summary>The test server's batches (entry by entry) and transactions (all or nothing).</summary>
public sealed class FhirTestServerBundleTests : IDisposable
{
    private readonly FhirTestServer server = new();
    private readonly FhirTestServerClient client;

    public FhirTestServerBundleTests() => client = new FhirTestServerClient(server);

    private static Bundle.EntryComponent Put(Resource resource, string? ifMatch = null) => new()
    {
        Resource = resource, Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"{resource.TypeName}/{resource.Id}", IfMatch = ifMatch },
    };

    private static Bundle.EntryComponent Post(Resource resource, string fullUrl, string? ifNoneExist = null) => new()
    {
        FullUrl = fullUrl, Resource = resource, Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = resource.TypeName, IfNoneExist = ifNoneExist },
    };

    private static Hl7.Fhir.Model.Task Task(string? id, string status = "requested", string? focus = null) => new()
    {
        Id = id, Status = Enum.Parse<Hl7.Fhir.Model.Task.TaskStatus>(status, true), Intent = Hl7.Fhir.Model.Task.TaskIntent.Order,
        Identifier = [new Identifier("urn:task", id ?? "new")], Focus = focus is null ? null : new ResourceReference(focus),
    };

    private async Task<(HttpResponseMessage Response, Bundle? Body)> PostAsync(Bundle.BundleType type, params Bundle.EntryComponent[] entries)
    {
        var (response, body) = await client.SendAsync<Resource>(HttpMethod.Post, "", new Bundle { Type = type, Entry = [.. entries] });
        return (response, body as Bundle);
    }

    [Fact]
    public async Task Transaction_CreatesWithUrnUuids_ReferencesBecomeTheAssignedIdsAndEachEntryHasALocation()
    {
        var (response, answer) = await PostAsync(Bundle.BundleType.Transaction,
            Post(new ServiceRequest { Status = RequestStatus.Active, Intent = RequestIntent.Order, Subject = new ResourceReference("Patient/p") }, "urn:uuid:00000000-0000-0000-0000-000000000001"),
            Post(Task(null, focus: "urn:uuid:00000000-0000-0000-0000-000000000001"), "urn:uuid:00000000-0000-0000-0000-000000000002"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.All(answer!.Entry, e => Assert.StartsWith("201", e.Response.Status, StringComparison.Ordinal));
        var request = server.All<ServiceRequest>().Single();
        Assert.Equal($"ServiceRequest/{request.Id}/_history/1", answer.Entry[0].Response.Location);
        Assert.Equal($"ServiceRequest/{request.Id}", server.All<Hl7.Fhir.Model.Task>().Single().Focus.Reference);
        Assert.Null(answer.Entry[0].Resource); // Prefer: return=representation was not asked for
    }

    [Fact]
    public async Task Transaction_OneStaleIfMatch_RollsBackEveryEntryAndAnswers412()
    {
        server.Add(Task("t1")).Add(Task("t2"));
        server.Edit<Hl7.Fhir.Model.Task>("t2", t => t.Note.Add(new Annotation { Text = "edited at the partner" }));

        var (response, _) = await PostAsync(Bundle.BundleType.Transaction,
            Put(Task("t1", "accepted"), "W/\"1\""), Put(Task("t2", "accepted"), "W/\"1\""), Post(Task(null), "urn:uuid:00000000-0000-0000-0000-000000000003"));

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal(2, server.All<Hl7.Fhir.Model.Task>().Count);
        Assert.Equal(Hl7.Fhir.Model.Task.TaskStatus.Requested, server.Get<Hl7.Fhir.Model.Task>("t1").Status);
        Assert.Equal(0, server.Commits);
    }

    [Fact]
    public async Task Transaction_ConditionalCreateOfWhatIsHeld_Answers200WithTheExistingAndCreatesNothing()
    {
        server.Add(Task("t1"));

        var (_, answer) = await PostAsync(Bundle.BundleType.Transaction, Post(Task(null), "urn:uuid:00000000-0000-0000-0000-000000000001", "identifier=urn:task|t1"));

        Assert.Equal(("200 OK", "Task/t1/_history/1"), (answer!.Entry[0].Response.Status, answer.Entry[0].Response.Location));
        Assert.Single(server.All<Hl7.Fhir.Model.Task>());
    }

    [Fact]
    public async Task Transaction_AReferenceToAMissingResource_IsRefusedWhenTheServerEnforcesIntegrity()
    {
        server.RefusesMissingReferences = 409;

        var (refused, outcome) = await client.SendAsync<OperationOutcome>(HttpMethod.Post, "", new Bundle
        {
            Type = Bundle.BundleType.Transaction, Entry = [Post(Task(null, focus: "ServiceRequest/gone"), "urn:uuid:00000000-0000-0000-0000-000000000001")],
        });
        var (accepted, _) = await PostAsync(Bundle.BundleType.Transaction,
            Post(new ServiceRequest { Status = RequestStatus.Active, Intent = RequestIntent.Order, Subject = new ResourceReference("http://elsewhere/Patient/p") }, "urn:uuid:00000000-0000-0000-0000-000000000001"),
            Post(Task(null, focus: "urn:uuid:00000000-0000-0000-0000-000000000001"), "urn:uuid:00000000-0000-0000-0000-000000000002"));

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("ServiceRequest/gone", outcome!.Issue[0].Diagnostics, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task Batch_EntriesStandAlone_AFailedReadDoesNotStopACreate()
    {
        server.Add(Task("t1"));
        var read = new Bundle.EntryComponent { Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.GET, Url = "Task/nope" } };
        var search = new Bundle.EntryComponent { Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.GET, Url = "Task?identifier=urn:task|t1" } };

        var (_, answer) = await PostAsync(Bundle.BundleType.Batch, read, Post(Task(null), "urn:uuid:00000000-0000-0000-0000-000000000001"), search);

        Assert.Equal(["404 Not Found", "201 Created", "200 OK"], answer!.Entry.Select(e => e.Response.Status));
        Assert.Equal(OperationOutcome.IssueType.NotFound, answer.Entry[0].Response.Outcome is OperationOutcome o ? o.Issue[0].Code : null);
        Assert.Equal(["t1"], ((Bundle)answer.Entry[2].Resource).Entry.Select(e => e.Resource.Id));
        Assert.Equal(2, server.All<Hl7.Fhir.Model.Task>().Count);
    }

    [Fact]
    public async Task Batch_WhenNotSupported_Is405()
    {
        server.BatchSupported = false;

        var (response, _) = await client.SendAsync<OperationOutcome>(HttpMethod.Post, "", new Bundle { Type = Bundle.BundleType.Batch });

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    public void Dispose()
    {
        client.Dispose();
        server.Dispose();
    }
}
