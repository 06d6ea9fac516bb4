using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Lifecycle;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Search;
using BoneMets.Fhir.Store;
using BoneMets.Fhir.Triage;
using BoneMets.Fhir.WriteBack;
using Hl7.Fhir.Model;
using Task = Hl7.Fhir.Model.Task;

namespace BoneMets.Fhir.Worklist;

/// <summary>
/// A referral as the coordinator's referral page shows it: its row, the resources behind it, the triage scores, every
/// stored version of its Task (oldest first) and the outreach Communications the Task points at.
/// </summary>
public sealed record ReferralView(
    WorklistRow Row, WorklistSource Source, IReadOnlyList<Observation> Scores, IReadOnlyList<Task> TaskHistory, IReadOnlyList<Communication> Communications);

/// <summary>
/// Reads the worklist from the store through its existing interfaces: the program's Tasks (Task.owner is the
/// program), each referral's record, Patient, triage record and deliveries. A thin reader: every rule is in
/// <see cref="WorklistRows"/> and <see cref="WorklistOrder"/>.
/// </summary>
public sealed class WorklistReader(IResourceStore store, ReferralRecords records, IDeliveryOutbox outbox, ProgramOptions program)
{
    private readonly BusinessDay businessDay = new(program.BusinessDay, program.ResolveTimeZone());

    public async Task<IReadOnlyList<WorklistRow>> OpenReferralsAsync(CancellationToken cancellationToken)
    {
        var deliveries = (await outbox.ListDeliveriesAsync(null, cancellationToken)).ToLookup(d => d.ReferralKey, StringComparer.Ordinal);
        var rows = new List<WorklistRow>();
        foreach (var task in await records.SearchAsync<Task>("Task", "owner", ProgramDirectory.OrganizationReference, cancellationToken))
        {
            if (BusinessStatus.Of(task) is not { IsTerminal: false } || await KeyOfAsync(task, cancellationToken) is not { } key)
            {
                continue;
            }

            var source = await SourceAsync(key, [.. deliveries[key]], cancellationToken);
            if (source is not null && WorklistRows.From(source, businessDay) is { } row)
            {
                rows.Add(row);
            }
        }

        return rows;
    }

    /// <summary>The referral behind a Task of the program; null when there is none (or it is not the program's).</summary>
    public async Task<ReferralView?> ReferralAsync(string taskId, CancellationToken cancellationToken)
    {
        if (await store.ReadAsync("Task", taskId, cancellationToken) is not { } stored || await KeyOfAsync(FhirJson.Parse<Task>(stored.Json), cancellationToken) is not { } key)
        {
            return null;
        }

        var deliveries = (await outbox.ListDeliveriesAsync(null, cancellationToken)).Where(d => d.ReferralKey == key).ToList();
        if (await SourceAsync(key, deliveries, cancellationToken) is not { } source)
        {
            return null;
        }

        var row = WorklistRows.From(source, businessDay, includeClosed: true)!;
        var scores = new List<Observation>();
        foreach (var basis in source.Triage?.Basis ?? [])
        {
            if (basis.Reference?.StartsWith("Observation/", StringComparison.Ordinal) == true
                && await store.ReadAsync("Observation", basis.Reference["Observation/".Length..], cancellationToken) is { } observation)
            {
                scores.Add(FhirJson.Parse<Observation>(observation.Json));
            }
        }

        var history = new List<Task>();
        for (var version = 1; version <= source.TaskVersion; version++)
        {
            if (await store.ReadVersionAsync("Task", row.TaskId, version, cancellationToken) is { } old)
            {
                history.Add(FhirJson.Parse<Task>(old.Json));
            }
        }

        var communications = new List<Communication>();
        foreach (var output in source.Record.Task!.Output.Select(o => o.Value).OfType<ResourceReference>())
        {
            if (output.Reference?.StartsWith("Communication/", StringComparison.Ordinal) == true
                && await records.ReadReferenceAsync<Communication>(output.Reference, cancellationToken) is { } communication)
            {
                communications.Add(communication);
            }
        }

        return new ReferralView(row, source, scores, history, communications);
    }

    /// <summary>The referral key of a program Task: the referral ServiceRequest's, through Task.focus.</summary>
    public async Task<string?> KeyOfAsync(Task task, CancellationToken cancellationToken)
    {
        if (task.Owner?.Reference != ProgramDirectory.OrganizationReference || task.Focus?.Reference is not { } focus)
        {
            return null;
        }

        return await records.ReadReferenceAsync<ServiceRequest>(focus, cancellationToken) is { } serviceRequest ? ReferralMessage.KeyOf(serviceRequest) : null;
    }

    private async Task<WorklistSource?> SourceAsync(string key, IReadOnlyList<Delivery> deliveries, CancellationToken cancellationToken)
    {
        var record = await records.ReadAsync(key, cancellationToken);
        if (record.Task is not { } task || await store.ReadAsync("Task", task.Id!, cancellationToken) is not { } storedTask)
        {
            return null;
        }

        var patient = await records.ReadReferenceAsync<Patient>(task.For?.Reference, cancellationToken);
        var triage = await records.ReadReferenceAsync<RiskAssessment>((task.Output.Select(o => o.Value).OfType<ResourceReference>().FirstOrDefault(r => r.Reference?.StartsWith("RiskAssessment/", StringComparison.Ordinal) == true))?.Reference, cancellationToken);
        var requester = await records.ReadReferenceAsync<Resource>(task.Requester?.Reference ?? record.ServiceRequest?.Requester?.Reference, cancellationToken);
        var referrer = requester switch
        {
            Organization o => o.Name,
            PractitionerRole r => r.Organization?.Display ?? r.Organization?.Reference,
            Practitioner p => p.Name.FirstOrDefault() is { } n ? string.Join(" ", n.Given.Append(n.Family)) : null,
            _ => task.Requester?.Display ?? task.Requester?.Reference,
        };
        return new WorklistSource(record, storedTask.Version, patient, triage, deliveries, referrer);
    }
}
