using BoneMets.Fhir.Case;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Lifecycle;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Pipeline;
using BoneMets.Fhir.Scheduling;
using BoneMets.Fhir.Store;
using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Tests.Scheduling;
using BoneMets.Fhir.Tests.Store;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using BoneMets.Fhir.Testing;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Tests.Lifecycle;

/// <summary>
/// The real intake, processor and lifecycle over a temporary store and a fake clock; schedulers against a
/// a scheduling <see cref="FhirTestServer"/> on demand. Samples' referral keys name the referrals.
/// </summary>
public sealed class LifecycleRig : IDisposable
{
    public const string Thoracic = "02-prostate-thoracic-mscc.json";
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly WorkSignal signal = new();
    private readonly ServiceProvider http = new ServiceCollection().AddHttpClient().BuildServiceProvider();

    private LifecycleRig(TempStore temp) => Temp = temp;

    public FakeTimeProvider Clock { get; } = new(Stages.Now);

    public TempStore Temp { get; }

    public ReferralLocks Locks { get; } = new();

    public ReferralRecords Records => new(Temp.Store);

    public static async Task<LifecycleRig> OpenAsync() => new(await TempStore.OpenAsync());

    public static string KeyOf(string sample) => Stages.Message(sample).ReferralKey;

    public ReferralCompletion Completion(ReferralLocks? locks = null) => new(
        Temp.Store, Temp.Store, Temp.Store, Records, locks ?? Locks, Clock, NullLogger<ReferralCompletion>.Instance);

    public ReferralProcessor Processor() => new(
        Temp.Store, new ReferralPipeline(new MessageContextSource(), Stages.Triage(), Stages.Planner(), Clock, records: Records), Completion(),
        new WorkerOptions(), new StoreOptions(), Clock, NullLogger<ReferralProcessor>.Instance);

    public async Task ReceiveAsync(string json)
    {
        var intake = new IntakeService(Temp.Store, new MessagingOptions(), signal, Clock, NullLogger<IntakeService>.Instance);
        var response = await intake.ReceiveAsync(new IntakeRequest(json, null, null, "http://localhost:5080/fhir"), None);
        Assert.True(response.Status == 200, FhirJson.Serialize(response.Body));
        Clock.Advance(TimeSpan.FromSeconds(1));
    }

    public Task ProcessAsync() => Processor().ProcessAvailableAsync(None);

    public Task<ReferralRecord> RecordAsync(string sample = Thoracic) => Records.ReadAsync(KeyOf(sample), None);

    public Scheduler Scheduler(FhirTestServer stub, Action<SchedulingOptions>? configure = null, ReferralLocks? locks = null, IReferralChanges? changes = null)
    {
        var options = new SchedulingOptions { BaseUrl = stub.BaseUrl, Schedules = CareTeams.All.ToDictionary(t => t, _ => ClinicSchedule.ScheduleId) };
        configure?.Invoke(options);
        var server = new SchedulingServer(http.GetRequiredService<IHttpClientFactory>(), options);
        return new Scheduler(server, options, Records, Temp.Store, changes ?? Temp.Store, locks ?? Locks, Clock, NullLogger<Scheduler>.Instance);
    }

    /// <summary>The sample sent again as the referrer's cancellation: new message ids, its Task cancelled (BSeR 6.0).</summary>
    public static string Cancellation(string sample = Thoracic, string suffix = "cancel")
    {
        var bundle = Stages.Bundle(Samples.Referral(sample));
        bundle.Id = DeterministicId.For(bundle.Id!, suffix)[3..];
        var header = Stages.Entry<MessageHeader>(bundle, 0);
        header.Id = DeterministicId.For(header.Id!, suffix)[3..];
        bundle.Entry[0].FullUrl = $"urn:uuid:{Guid.NewGuid()}";
        var task = Stages.Only<Hl7.Fhir.Model.Task>(bundle);
        task.Status = Hl7.Fhir.Model.Task.TaskStatus.Cancelled;
        task.BusinessStatus = BusinessStatus.FulfilmentCancelled.Concept;
        task.LastModified = FhirTime.Of(Stages.Now);
        return FhirJson.Serialize(bundle);
    }

    /// <summary>The sample resent as a new message (new ids): a replay of the same referral.</summary>
    public static string Resend(string sample = Thoracic, string suffix = "resend") =>
        Cancellation(sample, suffix).Replace("\"status\":\"cancelled\"", "\"status\":\"requested\"", StringComparison.Ordinal)
            .Replace("\"code\":\"6.0\"", "\"code\":\"2.0\"", StringComparison.Ordinal);

    /// <summary>How many stored versions of the Task carried each BSeR business status, in version order.</summary>
    public IReadOnlyList<string> TaskHistory(string taskId)
    {
        var statuses = new List<string>();
        for (var v = 1; ; v++)
        {
            var json = Temp.Store.ReadVersionAsync("Task", taskId, v, None).GetAwaiter().GetResult()?.Json;
            if (json is null)
            {
                return statuses;
            }

            statuses.Add(BusinessStatus.Of(FhirJson.Parse<Hl7.Fhir.Model.Task>(json))?.Code ?? "?");
        }
    }

    public void Dispose()
    {
        http.Dispose();
        signal.Dispose();
        Locks.Dispose();
        Temp.Dispose();
    }
}
