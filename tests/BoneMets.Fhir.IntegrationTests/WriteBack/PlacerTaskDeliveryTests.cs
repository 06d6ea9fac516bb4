using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Store;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using FhirTask = Hl7.Fhir.Model.Task;

namespace BoneMets.Fhir.IntegrationTests.WriteBack;

/// <summary>
/// BSeR: the filler updates the placer's Task. A message whose Task entry's fullUrl is on the partner's write-back
/// server, or a references-only message pointing at it: the partner holds that Task, and after processing still holds
/// exactly one Task — theirs, updated in place (one new version per change), with their identifier and notes kept —
/// across a concurrent edit (412) and a lost response.
/// </summary>
public sealed class PlacerTaskDeliveryTests : IDisposable
{
    private const string SampleTaskId = "c421a96e-c40a-4f13-9cfe-f30cc2d1c92e";
    private const string TheirId = "placer-7";
    private const string PlacerNote = "Placer: patient prefers morning appointments";
    private readonly FakePartnerServer fake = new();

    public void Dispose() => fake.Dispose();

    [Fact]
    public async Task PlacerTaskOnPartner_Processed_UpdatedInPlaceOnceAndNoSecondTask()
    {
        var history = await DeliverAsync();

        Assert.Equal(2, history.Count); // what the placer wrote, then the program's one update
        AssertUpdatedInPlace(history[^1]);
        WriteBackHost.AssertExactlyOnce(fake);
    }

    [Fact]
    public async Task PlacerEditsMeanwhile_412_ReReadMergedAndRetriedKeepingTheirNote()
    {
        fake.Faults.Enqueue(PartnerFault.ConcurrentEdit);

        var history = await DeliverAsync();

        Assert.Equal(3, history.Count); // theirs, their concurrent edit, ours on top of it
        AssertUpdatedInPlace(history[^1]);
        Assert.Contains(history[^1].Note, n => n.Text == FakePartnerServer.ConcurrentNote);
        WriteBackHost.AssertExactlyOnce(fake);
    }

    [Fact]
    public async Task ResponseToTheUpdateLost_RetryFindsItAppliedAndWritesNothingMore()
    {
        fake.Faults.Enqueue(PartnerFault.DropAfterCommit);

        var history = await DeliverAsync();

        Assert.Equal(2, history.Count);
        AssertUpdatedInPlace(history[^1]);
        WriteBackHost.AssertExactlyOnce(fake);
    }

    [Fact]
    public async Task ReferencesOnlyToTheirTask_FetchedThenUpdatedInPlace()
    {
        var sample = FhirJson.Parse<Bundle>(Samples.Referral("01-breast-femur-impending-fracture.json")).Entry.Select(e => e.Resource).ToList();
        var patient = (Patient)sample.OfType<Patient>().Single().DeepCopy();
        patient.Id = "pt-9";
        var serviceRequest = (ServiceRequest)sample.OfType<ServiceRequest>().Single().DeepCopy();
        (serviceRequest.Id, serviceRequest.Subject, serviceRequest.Requester, serviceRequest.ReasonReference, serviceRequest.SupportingInfo, serviceRequest.Note) =
            ("sr-9", new ResourceReference("Patient/pt-9"), null, [], [], []); // what the record holds besides is gathered, not fetched
        var placer = (FhirTask)sample.OfType<FhirTask>().Single().DeepCopy();
        (placer.Id, placer.Focus, placer.For, placer.Requester, placer.Note) =
            (TheirId, new ResourceReference("ServiceRequest/sr-9"), new ResourceReference("Patient/pt-9"), null, [new Annotation { Text = PlacerNote }]);
        fake.Hold(patient);
        fake.Hold(serviceRequest);
        fake.Hold(placer);

        using var host = WriteBackHost.Start(fake);
        try
        {
            var pointer = Intake.ReferralPointers.Message($"{fake.BaseUrl}/Task/{TheirId}", null, DateTimeOffset.UtcNow, "https://interface.westbrook.example.org/fhir");
            using var response = await host.PostMessageAsync(FhirJson.Serialize(pointer));
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            var deliveries = await WriteBackHost.SettledAsync(host);

            Assert.All(deliveries, d => Assert.Equal(DeliveryStatus.Done, d.Status));
            var history = fake.History<FhirTask>();
            Assert.Equal(2, history.Count);
            AssertUpdatedInPlace(history[^1], placerIdentifier: "RT-2025-04417");
            WriteBackHost.AssertExactlyOnce(fake);
        }
        finally
        {
            host.DeleteStore();
        }
    }

    [Fact]
    public async Task PlacerTaskGoneAtPartner_Parked_NoTaskCreated()
    {
        var deliveries = await DeliverAsync(before: () => fake.DeleteAtPartner("Task"), expect: DeliveryStatus.Parked);

        var parked = Assert.Single(deliveries, d => d.Status == DeliveryStatus.Parked);
        Assert.Contains($"Task/{TheirId} is gone", parked.LastError, StringComparison.Ordinal);
        Assert.Equal(0, fake.Count("Task"));
        Assert.Equal(0, fake.Commits); // the rest of that delivery waits with it, for an operator
    }

    [Fact]
    public async Task PlacerTaskNotOnPartner_TodaysBehaviour_ProgramTaskCreatedByFillerIdentifier()
    {
        using var host = WriteBackHost.Start(fake);
        try
        {
            (await host.PostMessageAsync(Samples.Referral("01-breast-femur-impending-fracture.json"))).Dispose();
            await WriteBackHost.SettledAsync(host);

            var task = Assert.Single(fake.All<FhirTask>());
            Assert.StartsWith("p", task.Id, StringComparison.Ordinal); // made by the partner on our conditional create
            Assert.Contains(task.Identifier, i => i.System == "https://fhir.bonemets.org/identifier/referral");
        }
        finally
        {
            host.DeleteStore();
        }
    }

    /// <summary>Posts sample 01 with its Task entry on the partner's server (which already holds it) and waits for the write-back.</summary>
    private async Task<IReadOnlyList<FhirTask>> DeliverAsync()
    {
        await DeliverAsync(before: null, expect: DeliveryStatus.Done);
        return fake.History<FhirTask>();
    }

    private async Task<IReadOnlyList<Delivery>> DeliverAsync(Action? before, DeliveryStatus expect)
    {
        var sample = FhirJson.Parse<Bundle>(Samples.Referral("01-breast-femur-impending-fracture.json"));
        var placer = (FhirTask)sample.Entry.Select(e => e.Resource).OfType<FhirTask>().Single().DeepCopy();
        placer.Id = TheirId;
        placer.Note = [new Annotation { Text = PlacerNote }];
        fake.Hold(placer);
        before?.Invoke();
        var json = Samples.Referral("01-breast-femur-impending-fracture.json")
            .Replace($"urn:uuid:{SampleTaskId}", $"{fake.BaseUrl}/Task/{TheirId}", StringComparison.Ordinal)
            .Replace($"\"{SampleTaskId}\"", $"\"{TheirId}\"", StringComparison.Ordinal);

        using var host = WriteBackHost.Start(fake);
        try
        {
            using var response = await host.PostMessageAsync(json);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            var deliveries = await WriteBackHost.SettledAsync(host);
            Assert.All(deliveries, d => Assert.Equal(expect, d.Status));
            return deliveries;
        }
        finally
        {
            host.DeleteStore();
        }
    }

    private static void AssertUpdatedInPlace(FhirTask task, string placerIdentifier = "RT-2025-04417")
    {
        Assert.Equal(TheirId, task.Id);
        Assert.Equal(FhirTask.TaskStatus.Accepted, task.Status);
        Assert.Equal("3.0", task.BusinessStatus.Coding.Single().Code);
        Assert.NotNull(task.Owner);
        Assert.NotEmpty(task.Output);
        Assert.Contains(task.Identifier, i => i.Value == placerIdentifier); // the placer's identifier kept
        Assert.Contains(task.Identifier, i => i.System == "https://fhir.bonemets.org/identifier/referral"); // ours added
        Assert.Contains(task.Note, n => n.Text == PlacerNote);
    }
}
